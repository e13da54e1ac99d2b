"""The bench's tables: ratios to the bare view, goals judged, errors never pass, totals add up."""

from bench import report
from bench.weight import Asset, Measured, Weight


def _rows(table: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()[2:]]


def test_markdown_table_has_a_header_a_rule_with_alignment_and_one_line_per_row():
    table = report.markdown_table(["a", "b"], [["1", "2"], ["3", "4"]], "lr")
    assert table.splitlines() == ["| a | b |", "| --- | ---: |", "| 1 | 2 |", "| 3 | 4 |"]


def test_throughput_rows_show_the_ratio_to_the_bare_view_and_judge_each_goal():
    table = report.throughput_table(
        2000,
        [
            report.Throughput("bare", 2000, 9.5, None, round_ratios=(0.9, 1.1)),
            report.Throughput("fast page", 1300, 20.0, 0.60, round_ratios=(0.61, 0.7)),
            report.Throughput("slow page", 500, 80.25, 0.60),
            report.Throughput("saving", 700, 50.0, 0.30),
        ],
    )
    bare, fast, slow, saving = _rows(table)
    assert bare == ["bare", "2,000", "1.00", "0.90–1.10", "9.5 ms", "", ""]
    assert fast == ["fast page", "1,300", "0.65", "0.61–0.70", "20.0 ms", "≥ 0.60", "met"]
    assert slow[2:] == ["0.25", "", "80.2 ms", "≥ 0.60", "NOT met"]
    assert saving[-1] == "met"


def test_a_page_that_answered_with_errors_never_meets_its_goal():
    (row,) = _rows(report.throughput_table(1000, [report.Throughput("page", 900, 5.0, 0.60, errors=3)]))
    assert row[-1] == "NOT met (3 errors)"


def test_a_page_that_could_not_be_measured_says_why():
    (row,) = _rows(report.throughput_table(1000, [report.Throughput("page", None, None, 0.6, problem="HTTP 500")]))
    assert row[1] == "—" and row[-1] == "not measured: HTTP 500"


def test_staff_rows_compare_the_large_size_with_the_small_one():
    table = report.staff_table(
        (100, 100_000), [report.StaffTiming("queue", 20.0, 29.0), report.StaffTiming("overview", 20.0, 31.0)]
    )
    assert table.splitlines()[0] == "| page | 100 | 100,000 | ratio | goal | met |"
    flat, steep = _rows(table)
    assert flat[1:] == ["20.0 ms", "29.0 ms", "1.45", "≤ 1.5", "met"]
    assert steep[3:] == ["1.55", "≤ 1.5", "NOT met"]


def test_weight_totals_count_every_resource_and_only_blocking_css_as_blocking():
    weight = Weight(
        "/",
        (
            Measured(Asset("/", "html"), 200, "gzip", 4_000, 12_000),
            Measured(Asset("/a.css", "css", blocking=True), 200, "gzip", 9_000, 40_000),
            Measured(Asset("/print.css", "css", blocking=False), 200, "gzip", 1_000, 3_000),
            Measured(Asset("/icon.svg", "icon"), 200, "identity", 500, 500),
        ),
    )
    assert (weight.wire_total, weight.raw_total) == (14_500, 55_500)
    assert (weight.blocking_css_wire, weight.blocking_css_raw) == (9_000, 40_000)
    rows = _rows(report.weight_table(weight))
    assert rows[-2][3:] == ["**14.5 KB**", "**55.5 KB**", "goal ≤ 30.0 KB on the wire: met"]
    assert rows[-1][3:] == ["**9.0 KB**", "**40.0 KB**", "goal ≤ 14.0 KB on the wire: met"]
    assert rows[1][-1] == "render-blocking" and rows[2][-1] == ""
