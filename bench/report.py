"""The bench's tables, as Markdown so a run's output pastes straight into the README.

Pure functions of the measured figures; the goals of issue 9 live here, next to the rows they judge.
"""

from collections.abc import Sequence
from dataclasses import dataclass

# Issue 9's goals.
THROUGHPUT_GOAL = 0.60  # req/s of a page over req/s of the bare view
SAVE_ANSWER_GOAL = 0.30
STAFF_RATIO_GOAL = 1.5  # median at the large size over median at the small size
WEIGHT_GOAL_BYTES = 30_000  # everything a first visit loads, compressed
BLOCKING_CSS_GOAL_BYTES = 14_000
KB = 1000  # 1 KB = 1,000 bytes, as browsers' developer tools count


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """A Markdown table; `align` has one letter per column, l or r (default l)."""
    align = align.ljust(len(header), "l")
    rule = ["---:" if side == "r" else "---" for side in align]
    lines = [header, rule, *rows]
    return "\n".join("| " + " | ".join(str(cell) for cell in line) + " |" for line in lines)


def verdict(met: bool | None) -> str:
    return "—" if met is None else ("met" if met else "NOT met")


def kb(size: int) -> str:
    return f"{size / KB:.1f} KB"


# --- throughput ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Throughput:
    label: str
    rate: float | None  # req/s; None when the page could not be measured
    p99_ms: float | None
    goal: float | None  # least ratio to the bare view; None for the bare view itself
    errors: int = 0  # non-2xx/3xx answers, timeouts and socket errors during the run
    problem: str = ""  # why it was not measured
    round_ratios: tuple[float, ...] = ()  # each round's rate over the bare view's in the same round


def spread(values: Sequence[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f}" if values else ""


def throughput_table(bare_rate: float, rows: Sequence[Throughput]) -> str:
    out = []
    for row in rows:
        goal = f"≥ {row.goal:.2f}" if row.goal is not None else ""
        if row.rate is None:
            out.append([row.label, "—", "—", "", "—", goal, f"not measured: {row.problem}"])
            continue
        ratio = row.rate / bare_rate if bare_rate else 0.0
        met = None if row.goal is None else (ratio >= row.goal and not row.errors)
        judged = verdict(met) + (f" ({row.errors} errors)" if row.errors else "")
        out.append(
            [
                row.label,
                f"{row.rate:,.0f}",
                f"{ratio:.2f}",
                spread(row.round_ratios),
                f"{row.p99_ms:.1f} ms",
                goal,
                judged if row.goal is not None else ("" if not row.errors else judged),
            ]
        )
    header = ["page", "req/s", "ratio to the bare view", "by round (min–max)", "p99 latency", "goal", "met"]
    return markdown_table(header, out, "lrrrrll")


# --- staff pages ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffTiming:
    label: str
    small_ms: float
    large_ms: float

    @property
    def ratio(self) -> float:
        return self.large_ms / self.small_ms if self.small_ms else float("inf")


def staff_table(sizes: tuple[int, int], rows: Sequence[StaffTiming]) -> str:
    small, large = sizes
    out = [
        [
            row.label,
            f"{row.small_ms:.1f} ms",
            f"{row.large_ms:.1f} ms",
            f"{row.ratio:.2f}",
            f"≤ {STAFF_RATIO_GOAL}",
            verdict(row.ratio <= STAFF_RATIO_GOAL),
        ]
        for row in rows
    ]
    return markdown_table(["page", f"{small:,}", f"{large:,}", "ratio", "goal", "met"], out, "lrrrll")


# --- first-visit weight ---------------------------------------------------------------------------------


def weight_table(weight) -> str:
    """Each resource of a first visit, then the totals against the goals (takes a bench.weight.Weight)."""
    out = []
    for item in weight.items:
        flags = "render-blocking" if item.asset.blocking else ""
        status = "" if item.status == 200 else f" (HTTP {item.status})"
        out.append(
            [
                f"`{item.asset.path}`{status}",
                item.asset.kind,
                item.encoding,
                kb(item.wire_bytes),
                kb(item.raw_bytes),
                flags,
            ]
        )
    total_met = weight.wire_total <= WEIGHT_GOAL_BYTES
    css_met = weight.blocking_css_wire <= BLOCKING_CSS_GOAL_BYTES
    out.append(
        [
            "**everything**",
            "",
            "",
            f"**{kb(weight.wire_total)}**",
            f"**{kb(weight.raw_total)}**",
            f"goal ≤ {kb(WEIGHT_GOAL_BYTES)} on the wire: {verdict(total_met)}",
        ]
    )
    out.append(
        [
            "**render-blocking CSS**",
            "",
            "",
            f"**{kb(weight.blocking_css_wire)}**",
            f"**{kb(weight.blocking_css_raw)}**",
            f"goal ≤ {kb(BLOCKING_CSS_GOAL_BYTES)} on the wire: {verdict(css_met)}",
        ]
    )
    return markdown_table(["resource", "kind", "encoding", "on the wire", "uncompressed", ""], out, "lllrrl")
