from __future__ import annotations

import numpy as np
import pytest

from clew.graph import Edge, Network, Node, Reason, Weights, explain, explain_reasons, key_players
from clew.graph.ranking import percentiles

from .nets import karate, two_cliques

EXAMPLE = (
    Reason("broker", {"communities": 3}),
    Reason("top_betweenness", {"percentile": 98}),
    Reason("alerts", {"count": 2}),
    Reason("money", {"amount": 1.2e6}),
)


def test_the_bridge_and_its_two_ends_rank_above_the_clique_members() -> None:
    ranking = key_players(two_cliques())
    assert {r.key for r in ranking.ranks[:3]} == {"a0", "b0", "x"}
    bridge = next(r for r in ranking.ranks if r.key == "x")
    codes = {reason.code: reason.values for reason in bridge.reasons}
    assert codes["broker"] == {"communities": 2}
    assert codes["top_betweenness"] == {"percentile": 90}  # 10 of 11 nodes lie below it
    assert all(0 < r.score <= 1 for r in ranking.ranks[:3])


def test_ranking_is_deterministic_and_sorted() -> None:
    first = key_players(karate(), limit=None)
    again = key_players(karate(), limit=None)
    assert [(r.key, r.score) for r in first.ranks] == [(r.key, r.score) for r in again.ranks]
    scores = [r.score for r in first.ranks]
    assert scores == sorted(scores, reverse=True)
    assert [r.rank for r in first.ranks] == list(range(1, 35))
    assert {first.ranks[0].key, first.ranks[1].key} == {"0", "33"}  # the club's two leaders


def test_a_limit_returns_the_head_of_the_full_ranking() -> None:
    network = two_cliques()  # many exact ties among the clique members
    full = [(r.key, r.score) for r in key_players(network, limit=None).ranks]
    for limit in (1, 3, 4, 7):
        assert [(r.key, r.score) for r in key_players(network, limit=limit).ranks] == full[:limit]


def test_what_the_file_knows_moves_a_node_up() -> None:
    plain = Network.build([Node(str(i)) for i in range(34)], karate().edges)
    marked_nodes = [
        Node(str(i), attrs={"alerts": 3, "money": 2.5e6, "role": "financier"} if i == 11 else {})
        for i in range(34)
    ]
    marked = Network.build(marked_nodes, karate().edges)
    before = next(r for r in key_players(plain, limit=None).ranks if r.key == "11")
    after = next(r for r in key_players(marked, limit=None).ranks if r.key == "11")
    assert after.rank < before.rank
    codes = [reason.code for reason in after.reasons]
    assert codes[-3:] == ["role", "alerts", "money"]
    assert after.reasons[-1].values == {"amount": 2.5e6}


def test_weights_can_rank_by_one_component_only() -> None:
    only_alerts = Weights(0, 0, 0, 0, 0, 0, 1, 0)
    nodes = [Node("a"), Node("b", attrs={"alerts": 1}), Node("c", attrs={"alerts": 4})]
    network = Network.build(nodes, [Edge("a", "b"), Edge("b", "c")])
    ranking = key_players(network, weights=only_alerts)
    assert [r.key for r in ranking.ranks] == ["c", "b", "a"]
    assert ranking.ranks[0].score == pytest.approx(1 - 0.5**4)


def test_bad_attribute_values_are_ignored() -> None:
    nodes = [
        Node("a", attrs={"alerts": "many", "money": float("nan")}),
        Node("b", attrs={"money": True}),
    ]
    ranking = key_players(Network.build(nodes, [Edge("a", "b")]))
    assert all(
        reason.code not in ("alerts", "money") for r in ranking.ranks for reason in r.reasons
    )


def test_percentiles() -> None:
    assert percentiles(np.array([0.0, 1.0, 2.0, 2.0, 5.0])).tolist() == [0.0, 0.25, 0.5, 0.5, 1.0]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "brokers between 3 groups; in the top 2% by betweenness; 2 watchlist alerts; "
               "handled 1,200,000 in payments"),
        ("vi", "môi giới giữa 3 nhóm; thuộc 2% cao nhất theo độ trung gian; "
               "2 cảnh báo trong danh sách theo dõi; "
               "đã giao dịch 1.200.000 qua các khoản thanh toán"),
        ("lv", "starpnieks starp 3 grupām; starp 2% augstākajiem pēc starpniecības centralitātes; "
               "2 brīdinājumi uzraudzības sarakstos; maksājumos apgrozījis 1\u00a0200\u00a0000"),
        ("bg", "посредник между 3 групи; сред първите 2% по междинност; "
               "2 сигнала в списъците за издирване; движил 1\u00a0200\u00a0000 в плащания"),
    ],
)  # fmt: skip
def test_explain_in_every_language(language: str, expected: str) -> None:
    assert explain(EXAMPLE, language) == expected


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("en", 1, "1 watchlist alert"),
        ("lv", 1, "1 brīdinājums uzraudzības sarakstos"),
        ("lv", 21, "21 brīdinājums uzraudzības sarakstos"),
        ("lv", 11, "11 brīdinājumi uzraudzības sarakstos"),
        ("bg", 1, "1 сигнал в списъците за издирване"),
    ],
)
def test_singular_and_plural(language: str, count: int, expected: str) -> None:
    assert explain([Reason("alerts", {"count": count})], language) == expected


def test_unknown_language_is_english_and_unknown_code_is_shown_as_is() -> None:
    reasons = [Reason("top_pagerank", {"percentile": 99.6}), Reason("new_code", {})]
    assert explain_reasons(reasons, "xx") == ["in the top 1% by PageRank", "new_code"]


def test_every_reason_of_a_real_ranking_renders_in_every_language() -> None:
    ranking = key_players(karate(), limit=None)
    for rank in ranking.ranks:
        for language in ("en", "vi", "lv", "bg"):
            for phrase, reason in zip(
                explain_reasons(rank.reasons, language), rank.reasons, strict=True
            ):
                assert "{" not in phrase and phrase != reason.code


@pytest.mark.parametrize("size", [0, 1, 2])
def test_tiny_networks_rank_without_error(size: int) -> None:
    nodes = [Node(str(i)) for i in range(size)]
    edges = [Edge("0", "1")] if size == 2 else []
    ranking = key_players(Network.build(nodes, edges), limit=None)
    assert [r.rank for r in ranking.ranks] == list(range(1, size + 1))
    assert all(0 <= r.score <= 1 for r in ranking.ranks)
