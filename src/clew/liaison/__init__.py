"""Border Liaison Offices: offices paired across a border (UNODC's BLO mechanism), the
incident reports they file on cross-border crime, and the pair's joint periodic report.

Owns the offices and pairs (:mod:`.offices`), incident reports with their cross-check against
the watchlists (:mod:`.incidents`), the joint report with its map and trend chart
(:mod:`.report`, :mod:`.svg_map`) and the demo's pairs (:mod:`.demo`). Who sees a report: the
agencies of the pair's two offices (and the console operator); for anyone else it does not exist.
"""

__all__: list[str] = []
