"""The audit log's action codes and outcomes in the interface language.

An entry keeps its stable English code (``record.view``), which the filter and the exports
use; a person reads its label (``Record viewed``). A code made of a family and a variable part
(``hit.confirmed``, ``liaison.report.pdf``, ``exchange.answer``) is labelled by the most
entry that names it, else by its family (``liaison.report.*`` labels ``liaison.report.pdf``,
not ``liaison.report.pdf.x``); a code that neither knows is shown as it is.
"""

from __future__ import annotations

from clew.i18n import gettext as _

__all__ = ["action_label", "outcome_label"]


def _actions() -> dict[str, str]:
    return {
        # access
        "agency.create": _("Agency created"), "agency.update": _("Agency changed"),
        "user.create": _("User created"), "user.update": _("User changed"),
        "user.view": _("User viewed"), "user.search": _("Users searched"),
        "token.create": _("API token created"), "token.revoke": _("API token revoked"),
        "login.failed": _("Sign-in failed"), "login.password": _("Signed in with a password"),
        "login.second_factor": _("Signed in with a second factor"),
        "login.enrol_second_factor": _("Second factor enrolled"),
        "audit.search": _("Audit log searched"), "audit.export": _("Audit log exported"),
        "audit.verify": _("Audit chain verified"),
        # records and alerts
        "record.create": _("Record created"), "record.update": _("Record changed"),
        "record.view": _("Record viewed"), "record.search": _("Records searched"),
        "record.history": _("Record history viewed"), "record.locate": _("Record located"),
        "record.cancel": _("Record cancelled"), "record.clear": _("Record cleared"),
        "record.export": _("Records exported"), "record.import": _("Records imported"),
        "record.load": _("Records loaded"),
        "alert.add": _("Alert added"), "alert.extend": _("Alert extended"),
        "alert.expire": _("Alert expired"), "alert.lapse": _("Alert lapsed"),
        "alert.review_list": _("Alerts due for review listed"),
        # checks and hits
        "screening.check": _("Check run"), "screening.manifest": _("Manifest checked"),
        "screening.explain_record": _("Check against one record explained"),
        "hit.record": _("Hit recorded"), "hit.inbox": _("Hits for our records listed"),
        "hit.ours": _("Our hits listed"), "hit.confirmed": _("Hit confirmed"),
        "hit.rejected": _("Hit rejected"), "hit.*": _("Hit decided"),
        # firearms
        "firearms.reference.import": _("Firearms reference imported"),
        "firearms.reference.export": _("Firearms reference exported"),
        "firearms.reference.add": _("Firearms reference entry added"),
        "firearms.reference.extend": _("Firearms reference entry extended"),
        "trace.open": _("Trace opened"), "trace.view": _("Trace viewed"),
        "trace.list": _("Traces listed"), "trace.comment": _("Trace commented"),
        "trace.export": _("Trace exported"), "trace.routes": _("Trace routes viewed"),
        "trace.analysis": _("Trace analysis viewed"),
        "trace.statistics": _("Trace statistics viewed"),
        "trace.acknowledge": _("Trace acknowledged"), "trace.answer": _("Trace answered"),
        "trace.refuse": _("Trace refused"), "trace.more_info": _("More information asked"),
        "trace.close": _("Trace closed"), "trace.cancel": _("Trace cancelled"),
        "trace.report.*": _("Trace statistics report exported"),
        # information exchange
        "exchange.case.open": _("Case opened"), "exchange.case.view": _("Case viewed"),
        "exchange.case.list": _("Cases listed"), "exchange.case.thread": _("Case thread read"),
        "exchange.case.participants": _("Case participants viewed"),
        "exchange.case.close": _("Case closed"), "exchange.case.reopen": _("Case reopened"),
        "exchange.inbox": _("Inbox read"), "exchange.message.read": _("Message read"),
        "exchange.message.acknowledge": _("Message acknowledged"),
        "exchange.attachment.add": _("Attachment added"),
        "exchange.attachment.read": _("Attachment read"),
        "exchange.request.list": _("Requests listed"),
        "exchange.request.view": _("Request viewed"),
        "exchange.request.route": _("Request routed"),
        "exchange.crosscheck": _("Cross-check run"),
        "exchange.crosscheck.view": _("Cross-check viewed"),
        "exchange.search": _("Exchange searched"), "exchange.pull": _("Messages fetched"),
        "exchange.spoc.set": _("Contact point set"),
        "exchange.spoc.remove": _("Contact point removed"),
        "exchange.webhook.set": _("Webhook set"), "exchange.webhook.view": _("Webhook viewed"),
        "exchange.webhook.remove": _("Webhook removed"),
        "exchange.*": _("Message sent"),
        # liaison
        "liaison.office.create": _("Liaison office created"),
        "liaison.pair.create": _("Liaison pair created"),
        "liaison.incident.create": _("Incident recorded"),
        "liaison.incident.view": _("Incident viewed"),
        "liaison.incident.list": _("Incidents listed"),
        "liaison.incident.export": _("Incidents exported"),
        "liaison.report.*": _("Liaison report exported"),
        # joint operations
        "operation.create": _("Operation created"), "operation.update": _("Operation changed"),
        "operation.view": _("Operation viewed"), "operation.list": _("Operations listed"),
        "operation.invite": _("Agency invited"), "operation.accept": _("Invitation accepted"),
        "operation.remove_participant": _("Participant removed"),
        "operation.publish": _("Operation published"),
        "operation.cancel": _("Operation cancelled"),
        "operation.compare": _("Operations compared"),
        "operation.live": _("Live view opened"), "operation.live.watch": _("Live view watched"),
        "operation.post.add": _("Post added"), "operation.post.remove": _("Post removed"),
        "operation.target.add": _("Target added"),
        "operation.target.remove": _("Target removed"),
        "operation.results": _("Results listed"),
        "operation.result.withdraw": _("Result withdrawn"),
        "operation.result.*": _("Result reported"),
        "operation.summary": _("Summary viewed"), "operation.tallies": _("Tallies viewed"),
        "operation.report.*": _("Operation report exported"),
        # analysis files
        "intel.file.create": _("Analysis file created"),
        "intel.file.update": _("Analysis file changed"),
        "intel.file.view": _("Analysis file viewed"),
        "intel.file.list": _("Analysis files listed"),
        "intel.member.add": _("File member added"),
        "intel.member.remove": _("File member removed"),
        "intel.entity.add": _("Entity added"), "intel.entity.delete": _("Entity deleted"),
        "intel.entity.view": _("Entity viewed"), "intel.entity.list": _("Entities listed"),
        "intel.entity.pull": _("Entity pulled from the records"),
        "intel.link.add": _("Link added"), "intel.link.delete": _("Link deleted"),
        "intel.import": _("Network imported"), "intel.export": _("File exported"),
        "intel.layout.save": _("Chart layout saved"), "intel.timeline": _("Timeline viewed"),
        "intel.dedup.propose": _("Duplicates proposed"),
        "intel.dedup.judge": _("Duplicate judged"),
        "intel.dedup.unmerge": _("Merge undone"),
        "intel.network.view": _("Network viewed"),
        "intel.network.players": _("Key players ranked"),
        "intel.network.communities": _("Communities found"),
        "intel.network.paths": _("Paths found"),
        "intel.network.periods": _("Network compared over periods"),
        "intel.network.disruption": _("Disruption simulated"),
        "intel.money.follow": _("Money followed"),
        "intel.money.typologies": _("Money patterns searched"),
        "intel.report.*": _("File report exported"),
    }  # fmt: skip


def action_label(code: str) -> str:
    """The label of the action ``code`` in the interface language; the code if it has none."""
    labels = _actions()
    family = code.rsplit(".", 1)[0] if "." in code else code
    return labels.get(code) or labels.get(f"{family}.*") or code


def outcome_label(outcome: str) -> str:
    """The label of an entry's outcome in the interface language; the outcome if it has none."""
    labels = {
        "ok": _("done"),
        "denied": _("denied"),
        "throttled": _("refused: too many attempts"),
        "pending_second_factor": _("waiting for the second factor"),
        "broken": _("chain broken"),
    }
    return labels.get(outcome, outcome)
