"""The coding screen and the app around it.

Left: sources grouped by role. Middle: the transcript. Right: the codebook with counts and
the selected code's definition. All database work runs in worker threads through the
Gateway's lock, so the screen never waits on SQLite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static, Tree

from workbench.errors import WorkbenchError
from workbench.project import Project, SaturationSettings
from workbench.tui.gateway import Gateway, source_rows
from workbench.tui.keys import main_bindings
from workbench.tui.screens.codebook import CodebookScreen
from workbench.tui.screens.export import ExportScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.importer import ImportScreen
from workbench.tui.screens.memo import MemoRequest, MemoScreen
from workbench.tui.screens.palette import CodePalette, PaletteChoice
from workbench.tui.screens.participants import ParticipantsScreen
from workbench.tui.screens.passages import PassagesScreen
from workbench.tui.screens.prompt import Ask, Choose
from workbench.tui.screens.quotes import QuotesScreen
from workbench.tui.screens.saturation import SaturationScreen
from workbench.tui.widgets.codebook import CodebookTree, DefinitionPanel
from workbench.tui.widgets.sources import SourceTree
from workbench.tui.widgets.transcript import TranscriptView


class StartScreen(Screen[str | None]):
    """Shown when there is no project: create one here, or open the demo."""

    BINDINGS = [Binding("n", "dismiss('new')", "New project here"),
                Binding("d", "dismiss('demo')", "Open the demo"),
                Binding("q", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "No project in this folder.\n\n"
            "  n  create workbench.sqlite here\n"
            "  d  open the demo study (built from the bundled sample interviews)\n"
            "  q  quit", id="start")
        yield Footer()


class WorkbenchApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Interview Workbench"
    BINDINGS = main_bindings()

    def __init__(self, project_path: Path | None = None, demo_dir: Path | None = None) -> None:
        super().__init__()
        self.project_path = project_path
        self.demo_dir = demo_dir
        self.gateway: Gateway | None = None
        self.coder = ""
        self._names: dict[int, str] = {}
        self._saturation = ""
        self._source_rows: list[dict] = []
        self._roles: list[dict] = []

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Input(placeholder="filter: G3, N, nurse…", id="filter")
                yield SourceTree("Sources", id="sources")
            yield TranscriptView(id="transcript")
            with Vertical(id="right"):
                yield CodebookTree("Codebook", id="codes")
                with VerticalScroll(id="definition-box"):
                    yield DefinitionPanel(id="definition")
        yield Label("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#sources", SourceTree).show_root = False
        self.query_one("#codes", CodebookTree).show_root = False
        self.query_one("#main").set_class(self.size.width < 110, "narrow")
        self.query_one("#definition", DefinitionPanel).show_code(None)
        if self.project_path is not None and self.project_path.exists():
            self.open_project(self.project_path)
        else:
            self.push_screen(StartScreen(), self._start_choice)

    def _start_choice(self, choice: str | None) -> None:
        try:
            if choice == "new":
                path = self.project_path or Path("workbench.sqlite")
                Project.create(path).close()
                self.open_project(path)
            elif choice == "demo":
                from workbench.project.demo import build_demo, default_demo_dir

                path, _ = build_demo(self.demo_dir or default_demo_dir())
                self.open_project(path)
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error")
            self.push_screen(StartScreen(), self._start_choice)

    def open_project(self, path: Path) -> None:
        try:
            project = Project.open(path)
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error", timeout=15)
            self.push_screen(StartScreen(), self._start_choice)
            return
        self.gateway = Gateway(project)
        self.coder = project.default_coder()
        self.sub_title = project.name
        self.refresh_sources(first=True)
        self.refresh_codebook()

    def on_resize(self, event: events.Resize) -> None:
        for main in self.query("#main"):
            main.set_class(event.size.width < 110, "narrow")

    def on_unmount(self) -> None:
        if self.gateway is not None:
            self.gateway.run(lambda p: p.close())

    # -- loading (workers) ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="sources")
    def refresh_sources(self, first: bool = False) -> None:
        rows, roles = self.gateway.run(lambda p: (source_rows(p), p.roles()))
        self.call_from_thread(self._show_sources, rows, roles, first)
        if not first:
            self.refresh_coverage_all()

    @work(thread=True, exclusive=True, group="coverage-all")
    def refresh_coverage_all(self) -> None:
        """How much of each source is coded: a second's work at thousands of interviews, so
        it runs after the first screen is up."""
        coverage = self.gateway.run(lambda p: p.coverage())
        self.call_from_thread(self._show_coverage, coverage, True)

    def _show_sources(self, rows: list[dict], roles: list[dict], first: bool) -> None:
        self._source_rows, self._roles = rows, roles
        self._fill_sources()
        current = self.transcript.source
        if current is None and first and rows:
            self.load_source(rows[0]["id"])

    def _fill_sources(self) -> None:
        tree = self.query_one("#sources", SourceTree)
        tree.fill(self._source_rows, self._roles, self.query_one("#filter", Input).value)
        if self.transcript.source is not None:
            tree.select_source(self.transcript.source.id)

    def _show_coverage(self, coverage: dict[int, float], complete: bool = False) -> None:
        """``complete``: every source's share (a source not in it has no participant turns)."""
        for row in self._source_rows:
            if row["id"] in coverage or complete:
                row["coded"] = coverage.get(row["id"], 0.0)
        self._fill_sources()

    @work(thread=True, exclusive=True, group="coverage")
    def refresh_coverage(self, source_id: int) -> None:
        """After a coding: the share coded of one source, not of all."""
        coverage = self.gateway.run(lambda p: p.coverage(source_id))
        self.call_from_thread(self._show_coverage, coverage)

    @work(thread=True, exclusive=True, group="codebook")
    def refresh_codebook(self) -> None:
        tree = self.gateway.run(lambda p: p.codebook.tree(participants=False))
        self._names = {c["id"]: c["name"] for c in _flatten(tree)}
        self.call_from_thread(self.query_one("#codes", CodebookTree).fill, tree)

    @work(thread=True, exclusive=True, group="load")
    def load_source(self, source_id: int, select: tuple[int, int] | None = None) -> None:
        view = self.gateway.run(lambda p: p.source_text(source_id))
        self.call_from_thread(self._show_source, view, select)

    def _show_source(self, view, select: tuple[int, int] | None) -> None:
        first = self.transcript.source is None
        self.transcript.show(view, cursor=select[0] if select else None)
        if first:  # the first screen is up: now the slower summaries
            self.refresh_coverage_all()
            self.refresh_saturation()
        if select:
            self.transcript.select(*select)
        self.query_one("#sources", SourceTree).select_source(view.id)
        self.transcript.focus()

    @work(thread=True, exclusive=True, group="codings")
    def reload_codings(self) -> None:
        source = self.transcript.source
        if source is None:
            return
        codings = self.gateway.run(lambda p: p.source_codings(source.id))
        self.call_from_thread(self.transcript.update_codings, codings)

    @work(thread=True, exclusive=True, group="saturation-status")
    def refresh_saturation(self) -> None:
        """The one-line saturation status; without the random orders, which take longest."""
        report = self.gateway.run(lambda p: p.saturation(settings=SaturationSettings(orders=0)))
        self._saturation = report.status_line
        self.call_from_thread(self._status, TranscriptView.SelectionChanged(self.transcript))

    def after_change(self) -> None:
        """Codings or codes changed: refresh what shows them."""
        self.reload_codings()
        self.refresh_codebook()
        self.refresh_saturation()
        if self.transcript.source is not None:
            self.refresh_coverage(self.transcript.source.id)

    @property
    def transcript(self) -> TranscriptView:
        return self.query_one("#transcript", TranscriptView)

    # -- events --------------------------------------------------------------------------

    @on(Tree.NodeSelected, "#sources")
    def _source_chosen(self, event: Tree.NodeSelected) -> None:
        if event.node.data is not None:
            self.load_source(event.node.data)

    @on(Tree.NodeHighlighted, "#codes")
    def _code_highlighted(self, event: Tree.NodeHighlighted) -> None:
        if event.node.data is None or self.gateway is None:
            return
        code = self.gateway.run(lambda p: p.codebook.resolve(event.node.data))
        self.query_one("#definition", DefinitionPanel).show_code(code)

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill_sources()

    @on(TranscriptView.SelectionChanged)
    def _status(self, event: TranscriptView.SelectionChanged) -> None:
        view = event.view
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
        if here:
            names = self._code_names()
            parts.append("codes here: " + ", ".join(names.get(c.code, "?") for c in here))
        parts.append(f"coder {self.coder}")
        if self._saturation:
            parts.append(self._saturation)
        for status in self.query("#status").results(Label):  # gone while the app closes
            status.update(" · ".join(parts))

    def _code_names(self) -> dict[int, str]:
        return self._names

    # -- coding --------------------------------------------------------------------------

    def action_code(self) -> None:
        if self.transcript.source is None:
            return
        if self.transcript.selection is None:
            self.notify("Select a passage first: t selects the turn, s the sentence, "
                        "shift+arrows extend", severity="warning")
            return
        codes, recent = self.gateway.run(lambda p: (p.codebook.codes(), p.recent_codes()))
        self.push_screen(CodePalette(codes, recent), self._palette_choice)

    def _palette_choice(self, choice: PaletteChoice | None) -> None:
        if choice is None:
            return
        if choice.code_id is not None:
            self.apply_code(choice.code_id)
            return
        codes = self.gateway.run(lambda p: p.codebook.codes())
        options = [("top", "(top level: a new theme)")] + [
            (str(c["id"]), f"{c['number']} {c['path']}") for c in codes]

        def create(parent: str | None) -> None:
            if parent is None:
                return
            try:
                code = self.gateway.run(lambda p: p.codebook.add(
                    choice.new_name, None if parent == "top" else int(parent)))
            except WorkbenchError as exc:
                self.notify(str(exc), severity="error")
                return
            self.notify(f"Created {code['path']}")
            self.apply_code(code["id"])

        self.push_screen(Choose(f"Create '{choice.new_name}' under …", options), create)

    def apply_code(self, code_id: int) -> None:
        selection = self.transcript.selection
        source = self.transcript.source
        if selection is None or source is None:
            return
        self._apply(source.id, selection, code_id)

    @work(thread=True, group="write")
    def _apply(self, source_id: int, span: tuple[int, int], code_id: int) -> None:
        try:
            coding = self.gateway.run(lambda p: p.codings.apply(source_id, span[0], span[1],
                                                               code_id))
        except WorkbenchError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error")
            return
        message = (f"Coded as {coding['code_path']}" if coding["created"]
                   else f"Already coded as {coding['code_path']}")
        self.call_from_thread(self.notify, message)
        self.call_from_thread(self.after_change)

    def _run_change(self, work: Callable[[Project], object], message: Callable[[object], str]
                    ) -> None:
        try:
            result = self.gateway.run(work)
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(message(result))
        self.after_change()

    def action_undo(self) -> None:
        self._run_change(lambda p: p.undo(), lambda step: f"Undone: {step.summary}")

    def action_redo(self) -> None:
        self._run_change(lambda p: p.redo(), lambda step: f"Redone: {step.summary}")

    def _pick_coding(self, then: Callable[[int], None]) -> None:
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
        names = self._code_names()
        self.push_screen(Choose("Which coding?", [
            (str(c.id), f"{names.get(c.code, '?')} ({c.start}–{c.end})") for c in here]),
            lambda chosen: chosen and then(int(chosen)))

    def action_uncode(self) -> None:
        self._pick_coding(lambda coding_id: self._run_change(
            lambda p: p.codings.remove(coding_id),
            lambda c: f"Removed the coding of {c['code_path']}"))

    def action_exemplar(self) -> None:
        def toggle(coding_id: int) -> None:
            current = self.gateway.run(lambda p: p.codings.get(coding_id))["exemplar"]
            self._run_change(lambda p: p.codings.set_exemplar(coding_id, not current),
                             lambda c: "Marked as exemplar" if c["exemplar"] else
                             "No longer an exemplar")

        self._pick_coding(toggle)

    def action_memo(self) -> None:
        view = self.transcript
        if view.source is None:
            return
        targets: list[tuple[str, str, str]] = []
        names = self._code_names()
        for coding in view.codings_at():
            targets.append(("coding", str(coding.id),
                            f"this coding of {names.get(coding.code, '?')}"))
        targets.append(("source", str(view.source.id), f"the transcript {view.source.name}"))
        if view.source.participant:
            targets.append(("participant", view.source.participant,
                            f"participant {view.source.participant}"))
        node = self.query_one("#codes", CodebookTree).cursor_node
        if node is not None and node.data is not None:
            targets.append(("code", str(node.data), f"the code {names.get(node.data, '?')}"))
        self.push_screen(MemoScreen(targets), self._save_memo)

    def _save_memo(self, request: MemoRequest | None) -> None:
        if request is None or not request.text.strip():
            return
        if request.kind == "coding":
            self._run_change(lambda p: p.codings.set_memo(int(request.target), request.text),
                             lambda _: "Memo saved on the coding")
        else:
            self._run_change(lambda p: p.codings.add_memo(request.kind, request.target,
                                                         request.text),
                             lambda _: f"Memo saved on the {request.kind}")

    # -- moving around -------------------------------------------------------------------

    def action_select_turn(self) -> None:
        view = self.transcript
        if view.source and view.source.turns:
            turn = view.current_turn()
            view.select(turn["start"], turn["end"])

    def action_select_sentence(self) -> None:
        view = self.transcript
        sentence = view.sentence_at() if view.source else None
        if sentence:
            view.select(*sentence)

    def action_next_coded(self, forward: bool) -> None:
        view = self.transcript
        if view.source is None:
            return
        coding = view.coded_span_after(forward)
        if coding is None:
            self.notify("No more coded passages this way", severity="information")
            return
        view.select(coding.start, coding.end)

    def action_next_uncoded(self) -> None:
        view = self.transcript
        if view.source is None:
            return
        for turn in view.source.turns[view.turn_index() + 1:]:
            if turn["is_interviewer"]:
                continue
            if not any(c.start < turn["end"] and turn["start"] < c.end
                       for c in view.source.codings):
                view.select(turn["start"], turn["end"])
                return
        self.notify("Every later participant turn has a coding")

    def action_goto_turn(self) -> None:
        def go(answer: str | None) -> None:
            view = self.transcript
            if not answer or view.source is None:
                return
            if not answer.strip().isdigit():
                self.notify(f"'{answer}' is not a turn number", severity="error")
                return
            number = int(answer)
            turns = [t for t in view.source.turns if t["turn_number"] == number]
            if not turns:
                self.notify(f"There is no turn {number} (1–{len(view.source.turns)})",
                            severity="error")
                return
            view.move_to(turns[0]["start"])

        self.push_screen(Ask("Go to turn number"), go)

    def action_open_participant(self) -> None:
        self.push_screen(Ask("Open the transcript of (participant ID or file name)",
                             placeholder="G3"), lambda ref: ref and self.open_participant(ref))

    def open_participant(self, ref: str) -> None:
        try:
            source = self.gateway.run(lambda p: p.source(ref.strip()))
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error")
            return
        self.load_source(source["id"])

    def action_passages(self) -> None:
        node = self.query_one("#codes", CodebookTree).cursor_node
        if node is None or node.data is None:
            self.notify("Highlight a code in the codebook (right) first", severity="warning")
            return
        code_id = node.data

        title, rows = self.gateway.run(lambda p: p.code_passages(code_id))
        self.push_screen(PassagesScreen(title, rows),
                         lambda chosen: chosen and self.load_source(chosen[0], chosen[1:]))

    def action_filter_sources(self) -> None:
        self.query_one("#filter", Input).focus()

    # -- other screens -------------------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_participants(self) -> None:
        self.push_screen(ParticipantsScreen())

    def action_codebook(self) -> None:
        self.push_screen(CodebookScreen(), lambda _: self.after_change())

    def action_import(self) -> None:
        start = self.project_path.parent if self.project_path else Path.cwd()
        self.push_screen(ImportScreen(start.resolve()),
                         lambda changed: changed and self.refresh_sources())

    def action_quotes(self) -> None:
        codes, roles = self.gateway.run(lambda p: (p.codebook.codes(), p.roles()))
        self.push_screen(QuotesScreen(codes, roles),
                         lambda chosen: chosen and self.load_source(chosen[0], chosen[1:]))

    def action_saturation(self) -> None:
        self.push_screen(SaturationScreen())

    def action_export(self) -> None:
        self.push_screen(ExportScreen(self.sub_title or "project"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for title, help_text, action in (
                ("Help", "Every key of the coding screen", self.action_help),
                ("Participants", "The participants table; edit attributes",
                 self.action_participants),
                ("Codebook", "Edit, rename, move, merge and delete codes", self.action_codebook),
                ("Import", "Import transcripts", self.action_import),
                ("Quotes", "Find and cite passages", self.action_quotes),
                ("Saturation", "Code saturation curve and tables", self.action_saturation),
                ("Export", "Theme tables and reports", self.action_export),
                ("Undo", "Undo the last change", self.action_undo),
                ("Redo", "Redo the change undone last", self.action_redo)):
            yield SystemCommand(title, help_text, action)


def _flatten(tree: list[dict]) -> Iterable[dict]:
    for node in tree:
        yield node
        yield from _flatten(node["children"])

