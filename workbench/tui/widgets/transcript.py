"""The transcript: turns with speakers, coded spans in their code's colour, coding stripes
in the margin, a cursor and a selection moved by word, sentence and turn, or the mouse.

Only the rows on screen are rendered (Textual's line API), so a 20,000-word transcript
opens and scrolls as fast as a short one.
"""

from __future__ import annotations

import bisect
import re

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.color import Color, ColorParseError
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.records import CodedSpan, SourceText
from workbench.tui.screens.prompt import Ask
from workbench.tui.text_layout import Layout

GUTTER = 9  # turn number / coding stripes, then a space
_WORD = re.compile(r"\w+", re.UNICODE)


class TranscriptView(ScrollView, can_focus=True):
    """The middle pane. Posts ``SelectionChanged`` whenever the cursor or selection moves.
    Moving and selecting are its own keys; coding the selection is the screen's."""

    DEFAULT_CSS = """
    TranscriptView { background: $surface; }
    """
    BINDINGS = [
        Binding("t", "select_turn", "Turn", tooltip="Select the turn"),
        Binding("s", "select_sentence", "Select sentence", show=False),
        Binding("right", "word(True)", "Next word", show=False),
        Binding("left", "word(False)", "Previous word", show=False),
        Binding("shift+right", "word(True, True)", "Extend the selection by a word",
                show=False),
        Binding("shift+left", "word(False, True)", "Extend the selection back by a word",
                show=False),
        Binding("down", "sentence(True)", "Next sentence", show=False),
        Binding("up", "sentence(False)", "Previous sentence", show=False),
        Binding("shift+down", "sentence(True, True)", "Extend the selection by a sentence",
                show=False),
        Binding("shift+up", "sentence(False, True)", "Extend the selection back by a sentence",
                show=False),
        Binding("slash", "search", "Search in this transcript (then n/N: next/previous "
                "match; Esc ends the search)", show=False),
        Binding("n", "n_key(False)", "Next turn (while searching: the next match)", show=False),
        Binding("p", "turn(False)", "Previous turn", show=False),
        Binding("N", "n_key(True)", "Extend the selection to the end of the turn (while "
                "searching: the previous match)",
                show=False),
        Binding("P", "turn(False, True)", "Extend the selection to the previous turn",
                show=False),
        Binding("home", "turn_edge(False)", "Start of the turn", show=False),
        Binding("end", "turn_edge(True)", "End of the turn", show=False),
        Binding("pageup", "page_up", "Scroll a page up", show=False),
        Binding("pagedown", "page_down", "Scroll a page down", show=False),
        Binding("right_square_bracket", "next_coded(True)", "Next coded passage", show=False),
        Binding("left_square_bracket", "next_coded(False)", "Previous coded passage",
                show=False),
        Binding("f", "next_uncoded", "Next uncoded participant turn", show=False),
        Binding("g", "goto_turn", "Go to turn N", show=False),
        Binding("escape", "clear", "Clear the selection", show=False),
    ]

    class SelectionChanged(Message):
        def __init__(self, view: "TranscriptView") -> None:
            super().__init__()
            self.view = view

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.source: SourceText | None = None
        self.hint = ""  # shown while no transcript is open (an empty project: press F4)
        self.layout_: Layout | None = None
        self.cursor = 0
        self.anchor: int | None = None
        self._dragging = False
        self._starts: list[int] = []
        self.search_term: str | None = None
        self.matches: list[tuple[int, int]] = []

    # -- content -------------------------------------------------------------------------

    def show(self, source: SourceText, cursor: int | None = None) -> None:
        self.source = source
        self.cursor = cursor if cursor is not None else (source.turns[0]["start"]
                                                          if source.turns else 0)
        self.anchor = None
        self.search_term, self.matches = None, []  # a search is in one text
        self._index_codings()
        self._relayout()
        self.scroll_to_cursor(center=True)
        self.post_message(self.SelectionChanged(self))

    def update_codings(self, codings: list[CodedSpan]) -> None:
        if self.source is None:
            return
        self.source.codings = codings
        self._index_codings()
        self.refresh()

    def _index_codings(self) -> None:
        codings = sorted(self.source.codings, key=lambda c: (c.start, c.end))
        self.source.codings = codings
        self._starts = [c.start for c in codings]

    def _relayout(self) -> None:
        if self.source is None:
            return
        # The text area is what the scrollbar leaves; a vertical one is always shown.
        width = max(self.size.width - self.styles.scrollbar_size_vertical - GUTTER - 1, 20)
        self.layout_ = Layout(self.source.text, self.source.turns, width)
        self.virtual_size = Size(width + GUTTER, len(self.layout_.lines))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()
        self.scroll_to_cursor()

    # -- selection -----------------------------------------------------------------------

    @property
    def selection(self) -> tuple[int, int] | None:
        if self.anchor is None or self.anchor == self.cursor:
            return None
        return (min(self.anchor, self.cursor), max(self.anchor, self.cursor))

    def select(self, start: int, end: int) -> None:
        self.anchor, self.cursor = start, end
        self._moved()

    def move_to(self, offset: int, extend: bool = False) -> None:
        if self.source is None:
            return
        offset = min(max(offset, 0), len(self.source.text))
        if extend:
            if self.anchor is None:
                self.anchor = self.cursor
        else:
            self.anchor = None
        self.cursor = offset
        self._moved()

    def _moved(self) -> None:
        self.scroll_to_cursor()
        self.refresh()
        self.post_message(self.SelectionChanged(self))

    def scroll_to_cursor(self, center: bool = False) -> None:
        if self.layout_ is None:
            return
        row = self.layout_.line_of(self.cursor)
        height = max(self.size.height, 1)
        top = self.scroll_offset.y
        if center:
            self.scroll_to(y=max(row - height // 3, 0), animate=False)
        elif row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False)

    # -- key actions ---------------------------------------------------------------------

    def action_word(self, forward: bool, extend: bool = False) -> None:
        if self.source:
            self.move_to(self.word_boundary(forward, end_of_word=forward and extend), extend)

    def action_sentence(self, forward: bool, extend: bool = False) -> None:
        if self.source:
            target = self.sentence_end_after() if forward and extend else \
                self.next_sentence_start(forward)
            self.move_to(target, extend)

    def action_turn(self, forward: bool, extend: bool = False) -> None:
        if not (self.source and self.source.turns):
            return
        index = self.turn_index()
        turns = self.source.turns
        turn = turns[index]
        if forward and extend:
            target = turn["end"] if self.cursor < turn["end"] or index + 1 >= len(turns) \
                else turns[index + 1]["end"]
        elif forward:
            target = turns[index + 1]["start"] if index + 1 < len(turns) else turn["end"]
        else:
            target = turn["start"] if self.cursor > turn["start"] or index == 0 \
                else turns[index - 1]["start"]
        self.move_to(target, extend)

    def action_turn_edge(self, end: bool) -> None:
        if self.source and self.source.turns:
            turn = self.current_turn()
            self.move_to(turn["end"] if end else turn["start"])

    def action_clear(self) -> None:
        """Esc: end the search if there is one, else clear the selection."""
        if self.matches:
            self.search_term, self.matches = None, []
            self.notify("Search ended: n and N move by turn again")
            self.refresh()
            self.post_message(self.SelectionChanged(self))
            return
        self.anchor = None
        self._moved()

    # -- searching in the open transcript ------------------------------------------------

    def action_search(self) -> None:
        if self.source is not None:
            self.app.push_screen(Ask("Search in this transcript (words as written, case "
                                     "aside)", value=self.search_term or ""), self.find)

    def find(self, term: str | None) -> None:
        """Mark every place ``term`` occurs (case aside) and go to the first after the
        cursor; n and N then go to the next and previous one."""
        if not term or not term.strip() or self.source is None:
            return
        term = term.strip()
        pattern = re.compile(re.escape(term), re.IGNORECASE)
        self.matches = [(m.start(), m.end()) for m in pattern.finditer(self.source.text)]
        if not self.matches:
            self.search_term = None
            self.notify(f"'{term}' is not in this transcript", severity="warning")
            self.refresh()
            return
        self.search_term = term
        self.notify(f"{len(self.matches)} × '{term}': n next, N previous, Esc ends the search")
        self.go_to_match(True, from_offset=self.cursor - 1)

    def action_n_key(self, shifted: bool) -> None:
        if self.matches:
            self.go_to_match(not shifted)
        else:
            self.action_turn(True, shifted)

    def go_to_match(self, forward: bool, from_offset: int | None = None) -> None:
        """Select the next (or previous) match, wrapping around the text."""
        here = from_offset if from_offset is not None else \
            (self.selection[0] if self.selection else self.cursor)
        starts = [start for start, _ in self.matches]
        if forward:
            index = bisect.bisect_right(starts, here) % len(starts)
        else:
            index = (bisect.bisect_left(starts, here) - 1) % len(starts)
        self.select(*self.matches[index])

    def search_status(self) -> str:
        """'search "nurse" 2/7' while a search is on, else ''."""
        if not self.matches:
            return ""
        here = self.selection[0] if self.selection else self.cursor
        number = bisect.bisect_right([start for start, _ in self.matches], here)
        return f"search '{self.search_term}' {max(number, 1)}/{len(self.matches)} (n/N, Esc)"

    def action_select_turn(self) -> None:
        if self.source and self.source.turns:
            turn = self.current_turn()
            self.select(turn["start"], turn["end"])

    def action_select_sentence(self) -> None:
        sentence = self.sentence_at() if self.source else None
        if sentence:
            self.select(*sentence)

    def action_next_coded(self, forward: bool) -> None:
        if self.source is None:
            return
        coding = self.coded_span_after(forward)
        if coding is None:
            self.notify("No more coded passages this way", severity="information")
            return
        self.select(coding.start, coding.end)

    def action_next_uncoded(self) -> None:
        if self.source is None:
            return
        for turn in self.source.turns[self.turn_index() + 1:]:
            if turn["is_interviewer"]:
                continue
            if not any(c.start < turn["end"] and turn["start"] < c.end
                       for c in self.source.codings):
                self.select(turn["start"], turn["end"])
                return
        self.notify("Every later participant turn has a coding")

    def action_goto_turn(self) -> None:
        self.app.push_screen(Ask("Go to turn number"), self.go_to_turn)

    def go_to_turn(self, answer: str | None) -> None:
        if not answer or self.source is None:
            return
        if not answer.strip().isdigit():
            self.notify(f"'{answer}' is not a turn number", severity="error")
            return
        number = int(answer)
        turns = [t for t in self.source.turns if t["turn_number"] == number]
        if not turns:
            self.notify(f"There is no turn {number} (1–{len(self.source.turns)})",
                        severity="error")
            return
        self.move_to(turns[0]["start"])

    @classmethod
    def action_for(cls, key: str) -> str | None:
        """The action this view binds ``key`` to, if any."""
        return next((b.action for b in Binding.make_bindings(cls.BINDINGS) if b.key == key),
                    None)

    # -- units for moving ----------------------------------------------------------------

    def turn_index(self, offset: int | None = None) -> int:
        offset = self.cursor if offset is None else offset
        starts = [t["start"] for t in self.source.turns]
        return max(bisect.bisect_right(starts, offset) - 1, 0)

    def current_turn(self) -> dict:
        return self.source.turns[self.turn_index()]

    def sentence_at(self, offset: int | None = None) -> tuple[int, int] | None:
        offset = self.cursor if offset is None else offset
        starts = [s for s, _ in self.source.sentences]
        k = bisect.bisect_right(starts, offset) - 1
        if k >= 0:
            return self.source.sentences[k]
        return None

    def next_sentence_start(self, forward: bool) -> int:
        starts = [s for s, _ in self.source.sentences]
        if forward:
            k = bisect.bisect_right(starts, self.cursor)
            return starts[k] if k < len(starts) else len(self.source.text)
        k = bisect.bisect_left(starts, self.cursor) - 1
        return starts[k] if k >= 0 else 0

    def sentence_end_after(self) -> int:
        ends = [e for _, e in self.source.sentences]
        k = bisect.bisect_right(ends, self.cursor)
        return ends[k] if k < len(ends) else len(self.source.text)

    def word_boundary(self, forward: bool, end_of_word: bool = False) -> int:
        text = self.source.text
        if forward:
            for match in _WORD.finditer(text, self.cursor):
                target = match.end() if end_of_word else match.start()
                if target > self.cursor:
                    return target
            return len(text)
        starts = [m.start() for m in _WORD.finditer(text, max(self.cursor - 200, 0),
                                                     self.cursor)]
        earlier = [s for s in starts if s < self.cursor]
        return earlier[-1] if earlier else max(self.cursor - 200, 0)

    def codings_at(self, offset: int | None = None) -> list[CodedSpan]:
        offset = self.cursor if offset is None else offset
        return [c for c in self.source.codings if c.start <= offset < c.end] if self.source else []

    def coded_span_after(self, forward: bool) -> CodedSpan | None:
        codings = self.source.codings
        if forward:
            k = bisect.bisect_right(self._starts, self.cursor)
            return codings[k] if k < len(codings) else None
        k = bisect.bisect_left(self._starts, self.cursor) - 1
        return codings[k] if k >= 0 else None

    # -- mouse ---------------------------------------------------------------------------

    def _offset_at(self, event: events.MouseEvent) -> int:
        row = event.y + self.scroll_offset.y
        return self.layout_.offset_at(row, max(event.x - GUTTER, 0))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if self.layout_ is None:
            return
        self.focus()
        self.move_to(self._offset_at(event), extend=event.shift)
        self.anchor = self.cursor if not event.shift else self.anchor
        self._dragging = True
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging and self.layout_ is not None:
            self.cursor = self._offset_at(event)
            self._moved()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()

    # -- rendering -----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if self.layout_ is None or self.source is None:
            lines = self.hint.splitlines()
            if y - 1 < len(lines) and y >= 1 and self.source is None:
                return Strip([Segment("  " + lines[y - 1], base + Style(bold=y == 1))]
                             ).crop_extend(0, width, base)
            return Strip.blank(width, base)
        row = y + self.scroll_offset.y
        if row >= len(self.layout_.lines):
            return Strip.blank(width, base)
        line = self.layout_.lines[row]
        if line.header:
            segments = self._header(line, base)
        else:
            above = self.layout_.lines[row - 1] if row > self.scroll_offset.y else None
            segments = self._stripes(line, above, base) + self._body(line, base)
        return Strip(segments).crop_extend(0, width, base)

    def _header(self, line, base: Style) -> list[Segment]:
        turn = self.source.turns[line.turn]
        speaker = turn["speaker"] or "(no label)"
        who = turn["participant"]
        label = speaker if not who or who == speaker else f"{speaker} [{who}]"
        dim = Style(dim=True)
        strong = Style(bold=True) if not turn["is_interviewer"] else Style(italic=True, dim=True)
        return [Segment(f"{turn['turn_number']:>{GUTTER - 2}}  ", base + dim),
                Segment(label, base + strong)]

    def _stripes(self, line, above, base: Style) -> list[Segment]:
        """The line's margin. A code is named where its stripe begins: on a line whose row
        above (in view, not a turn's header) none of its codings here reaches; below, its
        bar alone. A coding on this line reaches the row above when it starts by that row's
        end (it ends after this line's start, so after that row's too): one pass."""
        reach = above.end if above is not None and not above.header else -1
        codes: dict[int, CodedSpan] = {}
        carried: set[int] = set()
        k = bisect.bisect_left(self._starts, line.end + 1)
        for coding in self.source.codings[:k]:
            if coding.end > line.start and coding.start <= line.end:
                codes.setdefault(coding.code, coding)
                if coding.start <= reach:
                    carried.add(coding.code)
        cells = stripe_cells([(c.name, c.colour, code not in carried)
                              for code, c in codes.items()], GUTTER - 1)
        used = sum(len(text) for text, _ in cells)
        segments = [Segment(text, base + Style(color=colour, bold=text != "▌"))
                    for text, colour in cells]
        return [Segment(" " * (GUTTER - 1 - used), base)] + segments + [Segment(" ", base)]

    def _body(self, line, base: Style) -> list[Segment]:
        text = self.source.text
        cuts = {line.start, line.end}
        k = bisect.bisect_left(self._starts, line.end)
        covering = [c for c in self.source.codings[:k] if c.end > line.start]
        for coding in covering:
            cuts.update(p for p in (coding.start, coding.end) if line.start < p < line.end)
        selection = self.selection
        if selection:
            cuts.update(p for p in selection if line.start < p < line.end)
        found = [m for m in self.matches if m[1] > line.start and m[0] < line.end]
        for match in found:
            cuts.update(p for p in match if line.start < p < line.end)
        if line.start <= self.cursor < line.end:
            cuts.update((self.cursor, self.cursor + 1))
        points = sorted(p for p in cuts if line.start <= p <= line.end)
        segments = []
        background = base.bgcolor
        for left, right in zip(points, points[1:]):
            style = base
            on = [c for c in covering if c.start <= left < c.end]
            if on:
                style = style + Style(bgcolor=_tint(on[0].colour, background))
                if len(on) > 1:
                    style = style + Style(underline=True)
            if any(start <= left < end for start, end in found):
                style = style + Style(bgcolor="#7a6500", color="#ffffff", bold=True,
                                      underline=True)
            if selection and selection[0] <= left < selection[1]:
                style = style + Style(reverse=True)
            if left == self.cursor and self.has_focus:
                style = style + Style(reverse=True, bold=True)
            segments.append(Segment(text[left:right], style))
        if line.start == line.end and self.cursor == line.start and self.has_focus:
            segments.append(Segment(" ", base + Style(reverse=True)))
        return segments


def stripe_cells(codes: list[tuple[str, str, bool]], width: int) -> list[tuple[str, str]]:
    """The margin of one line: for each code on it (name, colour, named) its short name and
    a bar ``▌`` in its colour, the names cut to share ``width`` cells; a code not ``named``
    here gets blanks in place of its name, so that its bar stays in the same column down the
    passage. When there is no room for a letter, bars alone (the status line is their legend:
    it names the codes at the cursor), and ``+`` when even the bars do not fit. Returns
    (text, colour) cells, at most ``width``."""
    if not codes:
        return []
    if len(codes) > width:
        return [("▌", colour) for _, colour, _ in codes[:width - 1]] + [("+", "")]
    room = width // len(codes) - 1  # letters per name
    cells: list[tuple[str, str]] = []
    for name, colour, named in codes:
        short = name[:room].rstrip() if room > 0 else ""
        if short:
            cells.append((short if named else " " * len(short), colour))
        cells.append(("▌", colour))
    return cells


def _tint(colour: str | None, background) -> str:
    """The code's colour, softened towards the background so that the text stays readable."""
    base = Color.from_rich_color(background) if background else Color(0, 0, 0)
    try:
        mixed = base.blend(Color.parse(colour or "#888888"), 0.45)
    except ColorParseError:  # an unparseable colour from an imported project: show grey
        mixed = base.blend(Color(136, 136, 136), 0.45)
    return mixed.hex
