"""The coding screen: sources grouped by role (left), the transcript (middle), the codebook
with counts and the highlighted code's definition (right), and a status line.

Every read and write runs in a thread worker through the app's Gateway; the worker reports
back with a message from tui/messages.py, and its handler, on the event loop, only updates
widgets. Moving and selecting in the transcript are the TranscriptView's keys; coding what
it selects is this screen's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, Label, Tree
from textual.worker import Worker, get_current_worker

from workbench.errors import WorkbenchError
from workbench.project import Project, SaturationSettings
from workbench.tui import messages
from workbench.tui.screens.codebook import CodebookScreen
from workbench.tui.screens.deid import DeidScreen
from workbench.tui.screens.export import ExportScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.importer import ImportScreen
from workbench.tui.screens.memo import (MemoRequest, MemoScreen, MemosScreen, MemoTarget,
                                        save_memo)
from workbench.tui.screens.palette import CodePalette, PaletteChoice
from workbench.tui.screens.participants import ParticipantsScreen
from workbench.tui.screens.passages import PassagesScreen
from workbench.tui.screens.prompt import Ask, Choose
from workbench.tui.screens.quotes import QuotesScreen
from workbench.tui.screens.consensus import ConsensusScreen
from workbench.tui.screens.saturation import SaturationScreen
from workbench.tui.widgets.codebook import CodebookTree, DefinitionPanel
from workbench.tui.widgets.sources import SourceTree
from workbench.tui.widgets.transcript import TranscriptView
from workbench.tui.widgets.footer import KeysFooter

NARROW = 110  # columns below which the sources pane starts collapsed
# The side panes, toggled by z: both, the codebook only, none (the transcript alone). Their
# widths (app.tcss) leave the transcript at least 60 % of the screen.
PANES = ("both", "codebook", "none")
COVERAGE_STEP = 100  # sources per call: about 70 ms at 6,000 words each


class CodingScreen(Screen[None]):
    # The transcript has the keys from the start: not the source filter (the first focusable
    # widget), where an empty project's "?" would be typed into the filter.
    AUTO_FOCUS = "#transcript"
    BINDINGS = [
        Binding("c", "code", "Code", tooltip="Code selection"),
        Binding("u", "undo", "Undo"),
        Binding("U", "redo", "Redo", show=False),
        Binding("m", "memo", "Memo"),
        Binding("M", "memos", "Memos", show=False),
        Binding("e", "exemplar", "Exemplar on/off", show=False),
        Binding("d", "uncode", "Remove coding", show=False),
        Binding("o", "open_participant", "Open", tooltip="Open participant"),
        Binding("z", "toggle_panes", "Panes", tooltip="Side panes: both, the codebook only, "
                "none (the transcript alone)"),
        Binding("a", "passages", "Passages of code", show=False),
        Binding("slash", "filter_sources", "Filter the sources (from the sources pane; in "
                "the transcript / searches it)", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("f2", "participants", "Participants", show=False),
        Binding("f3", "codebook", "Codebook", show=False),
        Binding("f4", "import", "Import", show=False),
        Binding("f5", "quotes", "Quotes", show=False),
        Binding("f6", "saturation", "Saturation", show=False),
        Binding("f7", "export", "Export", show=False),
        Binding("f8", "deid", "De-identify", show=False),
        Binding("K", "consensus", "Consensus of two coders", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._source_rows: list[dict] = []
        self._roles: list[dict] = []
        self._recent: list[int] = []
        self._saturation = ""
        self._panes: str | None = None  # None: chosen by the width

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Input(placeholder="filter: G3, nurse, sex=F…", id="filter")
                yield SourceTree("Sources", id="sources")
            yield TranscriptView(id="transcript")
            with Vertical(id="right"):
                yield CodebookTree("Codebook", id="codes")
                with VerticalScroll(id="definition-box"):
                    yield DefinitionPanel(id="definition")
        yield Label("", id="status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.source_tree.show_root = False
        self.code_tree.show_root = False
        self._show_panes(self.app.size.width)
        self.query_one("#definition", DefinitionPanel).show_code(None)

    def on_resize(self, event: events.Resize) -> None:
        self._show_panes(event.size.width)

    def _show_panes(self, width: int) -> None:
        panes = self._panes or ("both" if width >= NARROW else "codebook")
        main = self.query_one("#main")
        for name in PANES:
            main.set_class(name == panes, f"panes-{name}")
        hidden = {"both": (), "codebook": ("left",), "none": ("left", "right")}[panes]
        focused = self.focused
        if focused is not None and any(self.query_one(f"#{pane}") in focused.ancestors_with_self
                                       for pane in hidden):
            self.transcript.focus()  # not left in a pane that is gone

    @property
    def panes(self) -> str:
        """Which side panes show: ``both``, ``codebook`` or ``none``."""
        main = self.query_one("#main")
        return next(name for name in PANES if main.has_class(f"panes-{name}"))

    def action_toggle_panes(self, panes: str | None = None) -> None:
        """z: both side panes → the codebook only → the transcript alone → both."""
        self._panes = panes or PANES[(PANES.index(self.panes) + 1) % len(PANES)]
        self._show_panes(self.app.size.width)

    @property
    def transcript(self) -> TranscriptView:
        return self.query_one("#transcript", TranscriptView)

    @property
    def source_tree(self) -> SourceTree:
        return self.query_one("#sources", SourceTree)

    @property
    def code_tree(self) -> CodebookTree:
        return self.query_one("#codes", CodebookTree)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Until a project is open only help works (and quit, the app's)."""
        return True if self.app.gateway is not None or action == "help" else None

    def load_project(self) -> None:
        """The app has opened a project: fill the panes; the first source opens when the
        sources have arrived."""
        self.refresh_bindings()
        self.refresh_sources(first=True)
        self.refresh_codebook()

    # -- workers: each reads or writes through the Gateway and posts a message ----------

    def _report(self, message: Message) -> None:
        """Post ``message`` unless a newer worker of the same exclusive group has replaced
        this one (a thread cannot be stopped; its result can be dropped)."""
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    def _fail(self, problem: WorkbenchError) -> None:
        self.app.call_from_thread(self.notify, str(problem), severity="error")

    @work(thread=True, exclusive=True, group="sources")
    def refresh_sources(self, first: bool = False) -> None:
        rows, roles, people = self.app.gateway.run(
            lambda p: (p.sources(), p.roles(), p.participants()))
        attributes = {person["id"]: person["attributes"] for person in people}
        for row in rows:
            row["attributes"] = attributes.get(row["participant"], {})
        self._report(messages.SourcesLoaded(rows, roles, first))

    @work(thread=True, exclusive=True, group="coverage-all")
    def refresh_coverage_all(self, source_ids: list[int]) -> None:
        """How much of each source is coded: a second's work at thousands of interviews, so
        it runs after the first screen is up, and a step of sources at a time, so that what
        a key asks for waits for one step only."""
        coverage: dict[int, float] = {}
        for start in range(0, len(source_ids), COVERAGE_STEP):
            if get_current_worker().is_cancelled:
                return
            step = source_ids[start:start + COVERAGE_STEP]
            coverage.update(self.app.gateway.run(
                lambda p: {k: v for i in step for k, v in p.coverage(i).items()},
                background=True))
        self._report(messages.CoverageUpdated(coverage, complete=True))

    @work(thread=True, exclusive=True, group="coverage")
    def refresh_coverage(self, source_id: int) -> None:
        """After a change: the share coded of one source, not of all."""
        coverage = self.app.gateway.run(lambda p: p.coverage(source_id))
        self._report(messages.CoverageUpdated(coverage, complete=False))

    @work(thread=True, exclusive=True, group="codebook")
    def refresh_codebook(self) -> None:
        tree, recent = self.app.gateway.run(
            lambda p: (p.codebook.tree(participants=False), p.recent_codes()))
        self._report(messages.CodebookLoaded(tree, recent))

    @work(thread=True, exclusive=True, group="load")
    def load_source(self, ref: int | str, select: tuple[int, int] | None = None) -> None:
        """``ref``: a source id, or a participant ID or file name as the user typed it."""
        def read(project: Project):
            return project.source_text(ref if isinstance(ref, int)
                                       else project.source(ref.strip())["id"])

        try:
            source = self.app.gateway.run(read)
        except WorkbenchError as exc:
            self._fail(exc)
            return
        self._report(messages.SourceLoaded(source, select))

    @work(thread=True, exclusive=True, group="codings")
    def reload_codings(self, source_id: int) -> None:
        codings = self.app.gateway.run(lambda p: p.source_codings(source_id))
        self._report(messages.CodingsLoaded(source_id, codings))

    @work(thread=True, exclusive=True, group="saturation-status")
    def refresh_saturation(self) -> None:
        """The one-line saturation status; without the random orders, which take longest."""
        report = self.app.gateway.run(
            lambda p: p.saturation(settings=SaturationSettings(orders=0)), background=True)
        self._report(messages.SaturationUpdated(report.status_line))

    def change(self, write: Callable[[Project], Any], note: Callable[[Any], str]
               ) -> Worker | None:
        """Store a change (one undo step); ``note`` says what was done, from its result.
        Before the first change the app asks who is coding, and then makes it."""
        if not self.app.coder:
            self.app.ask_coder(lambda: self._change(write, note))
            return None
        return self._change(write, note)

    @work(thread=True, group="write")
    def _change(self, write: Callable[[Project], Any], note: Callable[[Any], str]) -> None:
        try:
            result = self.app.gateway.run(write)
        except WorkbenchError as exc:
            self._fail(exc)
            return
        self.post_message(messages.ProjectChanged(note(result)))

    # -- what the workers report ---------------------------------------------------------

    def on_sources_loaded(self, message: messages.SourcesLoaded) -> None:
        for row in message.rows:
            row["coded"] = None  # until the coverage arrives
        self._source_rows, self._roles = message.rows, message.roles
        self._fill_sources()
        view = self.transcript
        view.hint = "" if message.rows else (
            "No transcripts yet.\n\nPress F4 to import them:\na folder, or files such as"
            "\n.docx .odt .txt .md .vtt .srt\nor a .qdpx project.\n\n? shows every key.")
        view.refresh()
        if self.focused is None:
            view.focus()  # the footer shows the keys of what has focus
        if message.first and message.rows and self.transcript.source is None:
            self.load_source(message.rows[0]["id"])
        if not message.first:
            self.refresh_coverage_all([row["id"] for row in self._source_rows])

    def on_coverage_updated(self, message: messages.CoverageUpdated) -> None:
        changed = [row for row in self._source_rows
                   if row["id"] in message.coverage or message.complete]
        for row in changed:
            row["coded"] = message.coverage.get(row["id"], 0.0)
        if message.complete:
            self._fill_sources()
        else:  # after a change: one label, not the whole tree again
            self.source_tree.relabel(changed)

    def _fill_sources(self) -> None:
        self.source_tree.fill(self._source_rows, self._roles,
                              self.query_one("#filter", Input).value)
        if self.transcript.source is not None:
            self.source_tree.select_source(self.transcript.source.id)

    def on_codebook_loaded(self, message: messages.CodebookLoaded) -> None:
        self._recent = message.recent
        self.code_tree.fill(message.tree)
        self.show_status()  # code names may have changed

    def on_source_loaded(self, message: messages.SourceLoaded) -> None:
        first = self.transcript.source is None
        select = message.select
        self.transcript.show(message.source, cursor=select[0] if select else None)
        if first:  # the first screen is up: now the slower summaries
            self.refresh_coverage_all([row["id"] for row in self._source_rows])
            self.refresh_saturation()
        if select:
            self.transcript.select(*select)
        self.source_tree.select_source(message.source.id)
        self.transcript.focus()

    def on_codings_loaded(self, message: messages.CodingsLoaded) -> None:
        source = self.transcript.source
        if source is not None and source.id == message.source_id:
            self.transcript.update_codings(message.codings)
            self.show_status()

    def on_saturation_updated(self, message: messages.SaturationUpdated) -> None:
        self._saturation = message.status
        self.show_status()

    def on_project_changed(self, message: messages.ProjectChanged) -> None:
        self.notify(message.note)
        self.after_change()

    def after_change(self) -> None:
        """Codings or codes changed: refresh what shows them."""
        source = self.transcript.source
        if source is not None:
            self.reload_codings(source.id)
            self.refresh_coverage(source.id)
        self.refresh_codebook()
        self.refresh_saturation()

    # -- events --------------------------------------------------------------------------

    @on(Tree.NodeSelected, "#sources")
    def _source_chosen(self, event: Tree.NodeSelected) -> None:
        if event.node.data is not None:
            self.load_source(event.node.data)

    @on(Tree.NodeHighlighted, "#codes")
    def _code_highlighted(self, event: Tree.NodeHighlighted) -> None:
        if event.node.data is not None:
            self.query_one("#definition", DefinitionPanel).show_code(
                self.code_tree.codes.get(event.node.data))

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill_sources()

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        """Enter: to the list, filtered (the arrows and Enter pick a source)."""
        self.source_tree.focus()

    @on(TranscriptView.SelectionChanged)
    def _selection_changed(self, event: TranscriptView.SelectionChanged) -> None:
        self.show_status()

    async def on_key(self, event: events.Key) -> None:
        """The transcript's keys work from the other panes too, unless the focused one uses
        the key itself (the arrows move in a tree). Esc in the source filter clears it and
        goes back to the transcript."""
        source_filter = self.query_one("#filter", Input)
        if source_filter.has_focus:
            if event.key == "escape":
                event.stop()
                source_filter.value = ""
                self.transcript.focus()
            return
        if self.transcript.has_focus or event.key in self.active_bindings:
            return
        action = TranscriptView.action_for(event.key)
        if action is not None:
            event.stop()
            await self.transcript.run_action(action)

    def show_status(self) -> None:
        view = self.transcript
        if view.source is None:
            return
        turn = view.current_turn() if view.source.turns else None
        parts = [view.source.name, view.source.participant or "focus group"]
        if turn:
            parts.append(f"turn {turn['turn_number']}/{len(view.source.turns)}")
        selection = view.selection
        parts.append(f"selected {selection[0]}–{selection[1]} ({selection[1] - selection[0]} chars)"
                     if selection else f"at {view.cursor}")
        here = view.codings_at()
        self.code_tree.mark(c.code for c in here)
        legend = Text()
        for coding in dict((c.code, c) for c in here).values():  # each code once
            legend.append(", " if legend else "codes here: ")
            legend.append("▌", style=coding.colour)
            legend.append(self.code_tree.name_of(coding.code))
        if here:
            parts.append(legend)
        if view.matches:
            parts.append(view.search_status())
        parts.append(f"coder {self.app.coder or '(not named yet)'}")
        if self._saturation:
            parts.append(self._saturation)
        for status in self.query("#status").results(Label):  # gone while the app closes
            status.update(Text(" · ").join(Text(p) if isinstance(p, str) else p
                                           for p in parts))

    # -- coding --------------------------------------------------------------------------

    def action_code(self) -> None:
        if self.transcript.source is None:
            return
        if self.transcript.selection is None:
            self.notify("Select a passage first: t selects the turn, s the sentence, "
                        "shift+arrows extend", severity="warning")
            return
        self.app.push_screen(CodePalette(list(self.code_tree.codes.values()), self._recent),
                             self._palette_choice)

    def _palette_choice(self, choice: PaletteChoice | None) -> None:
        if choice is None:
            return
        if choice.code_id is not None:
            self.apply_code(choice.code_id)
            return
        name = choice.new_name

        def create(parent: str | None) -> None:
            if parent is not None:
                self.apply_code(None, new=(name, None if parent == "top" else int(parent)))

        self.app.push_screen(Choose(f"Create '{name}' under …",
                                    self.code_tree.choices(top="(top level: a new theme)")),
                             create)

    def apply_code(self, code_id: int | None, new: tuple[str, int | None] | None = None
                   ) -> Worker | None:
        """Code the selection with ``code_id``, or with the code ``new`` (name, parent)
        created first. Returns the worker (the benchmark waits for it)."""
        selection, source = self.transcript.selection, self.transcript.source
        if selection is None or source is None:
            return None

        def apply(project: Project) -> dict:
            if new:  # one step: undo takes back the coding and the code
                return project.codings.apply_new_code(source.id, *selection, *new)
            return project.codings.apply(source.id, selection[0], selection[1], code_id)

        def note(coding: dict) -> str:
            done = "Coded as" if coding["created"] else "Already coded as"
            return f"{'Created the code; ' if new else ''}{done} {coding['code_path']}"

        return self.change(apply, note)

    def action_undo(self) -> None:
        self.change(lambda p: p.undo(), lambda step: f"Undone: {step.summary}")

    def action_redo(self) -> None:
        self.change(lambda p: p.redo(), lambda step: f"Redone: {step.summary}")

    def _pick_coding(self, then: Callable[[int], None]) -> None:
        """The coding at the cursor (or overlapping the selection); asks which if several."""
        view = self.transcript
        if view.source is None:
            return
        selection = view.selection
        here = ([c for c in view.source.codings if c.start < selection[1] and selection[0] < c.end]
                if selection else view.codings_at())
        if not here:
            self.notify("No coding at the cursor", severity="warning")
            return
        if len(here) == 1:
            then(here[0].id)
            return
        self.app.push_screen(Choose("Which coding?", [
            (str(c.id), f"{self.code_tree.name_of(c.code)} ({c.start}–{c.end})") for c in here]),
            lambda chosen: chosen and then(int(chosen)))

    def action_uncode(self) -> None:
        self._pick_coding(lambda coding_id: self.change(
            lambda p: p.codings.remove(coding_id),
            lambda c: f"Removed the coding of {c['code_path']}"))

    def action_exemplar(self) -> None:
        def toggle(project: Project, coding_id: int) -> dict:
            current = project.codings.get(coding_id)["exemplar"]
            return project.codings.set_exemplar(coding_id, not current)

        self._pick_coding(lambda coding_id: self.change(
            lambda p: toggle(p, coding_id),
            lambda c: "Marked as exemplar" if c["exemplar"] else "No longer an exemplar"))

    def action_memo(self) -> None:
        """The memo dialog on what is at the cursor: its codings, the transcript, the
        participant, the code (highlighted in the codebook, else the coding's) and the
        project; each shows the memo it has."""
        view = self.transcript
        if view.source is None:
            return
        selection = view.selection
        here = ([c for c in view.source.codings if c.start < selection[1] and selection[0] < c.end]
                if selection else view.codings_at())
        targets = [MemoTarget("coding", str(c.id), f"this coding of {self.code_tree.name_of(c.code)}")
                   for c in here]
        targets.append(MemoTarget("source", str(view.source.id),
                                  f"the transcript {view.source.name}"))
        if view.source.participant:
            targets.append(MemoTarget("participant", view.source.participant,
                                      f"participant {view.source.participant}"))
        code = self.code_tree.highlighted_code
        if code is None and here:
            code = self.code_tree.codes.get(here[0].code)
        if code is not None:
            targets.append(MemoTarget("code", str(code["id"]), f"the code {code['name']}"))
        targets.append(MemoTarget("project", None, "the project"))
        self.open_memo(targets)

    @work(thread=True, exclusive=True, group="memo")
    def open_memo(self, targets: list[MemoTarget]) -> None:
        try:
            found = self.app.gateway.run(
                lambda p: [p.codings.memo_on(t.kind, t.target) for t in targets])
        except WorkbenchError as exc:
            self._fail(exc)
            return
        for target, existing in zip(targets, found):
            target.existing = existing
        self.app.call_from_thread(self.app.push_screen, MemoScreen(targets), self._save_memo)

    def _save_memo(self, request: MemoRequest | None) -> None:
        if request is None:
            return
        self.change(lambda p: save_memo(p, request), lambda _: f"Memo saved on {request.label}")

    def action_memos(self) -> None:
        self.app.push_screen(MemosScreen(), lambda changed: changed and self.after_change())

    # -- going elsewhere -----------------------------------------------------------------

    def action_open_participant(self) -> None:
        self.app.push_screen(Ask("Open the transcript of (participant ID or file name)",
                                 placeholder="G3"), lambda ref: ref and self.load_source(ref))

    def action_passages(self) -> None:
        code = self.code_tree.highlighted_code
        if code is None:
            self.notify("Highlight a code in the codebook (right) first", severity="warning")
            return
        self.app.push_screen(PassagesScreen(code["id"]), self._jump)

    def _jump(self, passage: tuple[int, int, int] | None) -> None:
        """To (source id, start, end), chosen on the passages or the quotes screen."""
        if passage:
            self.load_source(passage[0], passage[1:])

    def action_filter_sources(self) -> None:
        if self.panes != "both":
            self.action_toggle_panes("both")
        self.query_one("#filter", Input).focus()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen([*self.BINDINGS, *TranscriptView.BINDINGS]))

    def action_participants(self) -> None:
        self.app.push_screen(ParticipantsScreen(),
                             lambda participant: participant and self.load_source(participant))

    def action_codebook(self) -> None:
        self.app.push_screen(CodebookScreen(), lambda changed: changed and self.after_change())

    def action_import(self) -> None:
        project = self.app.project_path
        start = (project.parent if project else Path.cwd()).resolve()
        self.app.push_screen(ImportScreen(start),
                             lambda changed: changed and self.refresh_sources())

    def action_quotes(self) -> None:
        self.app.push_screen(QuotesScreen(list(self.code_tree.codes.values()), self._roles),
                             self._jump)

    def action_consensus(self) -> None:
        source = self.transcript.source
        if source is None:
            self.notify("Open a source first", severity="warning")
            return
        self.open_consensus(source.id)

    @work(thread=True, exclusive=True, group="consensus-open")
    def open_consensus(self, source_id: int) -> None:
        coders = [c for c in self.app.gateway.run(lambda p: p.coders_of(source_id))
                  if c != "consensus"]
        if len(coders) < 2:
            self.app.call_from_thread(
                self.notify, "The consensus screen compares two coders; this source has "
                f"codings by {len(coders)}", severity="warning")
            return
        try:  # read here, so that the screen opens filled
            view = self.app.gateway.run(lambda p: p.consensus_view(source_id, *coders[:2]))
        except WorkbenchError as exc:
            self._fail(exc)
            return
        self.app.call_from_thread(self.app.push_screen,
                                  ConsensusScreen(source_id, *coders[:2], view=view),
                                  lambda changed: changed and self.after_change())

    def action_saturation(self) -> None:
        self.app.push_screen(SaturationScreen())

    def action_deid(self) -> None:
        self.app.push_screen(DeidScreen())

    def action_export(self) -> None:
        self.app.push_screen(ExportScreen(self.app.sub_title or "project"))
