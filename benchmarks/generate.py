"""Synthetic interview transcripts for benchmarking the import.

Each file is one interview with one participant of a family-doctor study, in the plain
layout the importer reads (a ``Participant:``/``Date:`` header, then ``Interviewer:`` and
``<ID>:`` turns). The text is built from clause templates filled from word lists, so it
reads like speech about primary care without any of it being real. Every template word is
a single token, which lets each sentence be built to an exact word count and each file to
hit the requested length exactly (counting with ``str.split``).

    python benchmarks/generate.py OUT_DIR -n 200 [--words 6000] [--seed 1] [--format txt]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path

FORMATS = ("txt", "docx", "mixed")
ROLE_SHARES = (("G", 11), ("N", 5), ("M", 4))  # 55 %, 25 %, 20 %
FIRST_DATE = dt.date(2023, 1, 9)
LAST_DATE = dt.date(2025, 12, 12)

QUESTION_WORDS = (10, 25)
ANSWER_WORDS = (80, 400)
SENTENCE_WORDS = (8, 25)
# The longest question plus the shortest answer, with their two labels: when fewer words
# than this would be left over, the current answer takes them instead.
LAST_PAIR_WORDS = QUESTION_WORDS[1] + 1 + ANSWER_WORDS[0] + 1

VOCABULARY: dict[str, tuple[str, ...]] = {
    "noun": tuple("""
        patient doctor nurse clinic hospital referral budget record system platform form
        target indicator assessment audit visit follow-up contract team manager centre
        station pharmacy prescription medication screening programme guideline protocol
        workload salary bonus incentive schedule shift queue appointment registry database
        dashboard report spreadsheet survey review inspection subsidy insurance fund payment
        policy director committee meeting training course residency specialist department
        ward ambulance village community household family resident caregiver volunteer
        diet vaccine checkup symptom complication stroke diabetes hypertension asthma
        depression dementia rehabilitation discharge admission transfer laboratory test
        result phone app password login upgrade module interface printer signature consent
        complaint relationship evaluation score ranking quota deadline commission county
        township pathway file account archive""".split()),
    "nouns": tuple("""
        patients doctors nurses residents families elders specialists referrals records
        forms targets indicators visits contracts prescriptions medicines screenings
        guidelines reports meetings complaints scores volunteers colleagues managers
        hospitals clinics villages households caregivers trainees results tests diabetics
        hypertensives pensioners migrants students funds subsidies bonuses shifts
        appointments""".split()),
    "adj": tuple("""
        chronic elderly local new old busy small large rural urban district provincial
        national monthly annual weekly digital electronic paper basic public private shared
        separate formal informal extra limited heavy difficult simple useful reliable slow
        accurate complete regular preventive clinical financial administrative official
        practical serious stable high-risk vulnerable temporary permanent""".split()),
    "past": tuple("""
        changed improved reduced increased introduced required checked measured recorded
        reported reviewed updated linked replaced supported delayed blocked funded covered
        tracked shared handled managed organised explained ignored expected counted scored
        pushed cut added moved trained visited called followed referred treated assessed
        audited approved rejected copied entered printed uploaded lost missed doubled
        simplified complicated stretched helped""".split()),
    "verb": tuple("""
        change improve reduce increase check measure record report review update link
        replace support track share handle manage organise explain follow refer treat
        assess enter upload print visit call train fund cover meet see count plan prevent
        monitor coordinate document prioritise balance""".split()),
    "adv": tuple("""
        usually often sometimes rarely honestly actually mostly probably really clearly
        slowly gradually finally already still recently basically generally""".split()),
}

CLAUSES = tuple("""
    we {verb} the {noun}
    we had to {verb} the {adj} {noun}
    the {noun} {past} the {noun}
    the {adj} {noun} {past} our {noun}
    our {noun} {past} the {adj} {nouns}
    I {past} the {noun} {adv}
    most {nouns} {verb} the {noun}
    {nouns} {adv} {verb} their {noun}
    nobody {past} the {noun}
    there is no {noun} for {nouns}
    there were too many {nouns}
    the {noun} is {adv} {adj}
    the {nouns} are {adj}
    you cannot {verb} {nouns} without the {noun}
    we {adv} {verb} {nouns} in the {noun}
    I think the {noun} {past} {nouns}
    the {noun} and the {noun} {past} the {noun}
    nobody wants to {verb} the {adj} {noun}
    my {noun} {past} the {noun} {adv}
    they {adv} {past} the {adj} {noun}
    the {adj} {nouns} {past} every {noun}
    our {nouns} {verb} the {noun} for {nouns}
""".strip().splitlines())

QUESTION_OPENERS = tuple("""
    could you tell me how
    how do you feel when
    what happens when
    can you describe how
    in your experience, what happens when
    why do you think
    is it true that
    how did you react when
    do you remember when
    when do you notice that
""".strip().splitlines())

CONNECTORS = (", and", ", but", ", so", "because", "when", "while", "although", ", which means",
              "and then", "even though", "so that", "until")
OPENERS = ("Honestly,", "Well,", "Actually,", "In practice,", "To be fair,", "On paper,")
MODIFIERS = tuple("""
    today|lately|now|again|too|anyway|here|mostly
    last year|every month|each week|in practice|on paper|in theory|at night|since 2019|most days
    in the spring|at the weekend|before the audit|after the reform|in our district|for older patients|during the pandemic|in the villages|across the county
    at the district hospital|in the last year|before the annual review|for most of us|at the same time|on the new platform|from the health commission|under the new contract
""".strip().splitlines())

INSTITUTIONS = ("Riverside CHC", "Eastgate CHC", "Hillview Township Health Centre",
                "Lakeside Community Health Station", "Northfield CHC", "Old Town CHC",
                "Westbrook Township Health Centre", "Harbour Road CHC",
                "Pine Valley Community Health Station", "South Market CHC")


def _words(text: str) -> int:
    return len(text.split())


def _by_count(items: tuple[str, ...]) -> dict[int, list[str]]:
    """Group phrases by their number of words."""
    groups: dict[int, list[str]] = {}
    for item in items:
        groups.setdefault(_words(item), []).append(item.strip())
    return groups


def _fitting(groups: dict[int, list[str]], most: int) -> dict[int, list[str]]:
    """For each limit up to ``most``, the phrases with at most that many words."""
    return {limit: [p for size, ps in groups.items() if size <= limit for p in ps]
            for limit in range(most + 1)}


CLAUSES_UP_TO = _fitting(_by_count(CLAUSES), SENTENCE_WORDS[1])
MODIFIERS_BY_COUNT = _by_count(tuple(m for line in MODIFIERS for m in line.split("|")))
OPENER_WORDS = [(o, _words(o)) for o in OPENERS]
QUESTION_OPENER_WORDS = [(q.strip(), _words(q)) for q in QUESTION_OPENERS]
SHORTEST_CLAUSE = min(_by_count(CLAUSES))
LONGEST_MODIFIER = max(MODIFIERS_BY_COUNT)
# (connector, whether a comma goes before it, its number of words)
CONNECTOR_WORDS = [(c.lstrip(", "), c.startswith(","), _words(c.lstrip(", "))) for c in CONNECTORS]
# For each number of words left, the connectors that still leave room for a clause.
CONNECTORS_FOR = {left: [c for c in CONNECTOR_WORDS if c[2] + SHORTEST_CLAUSE <= left]
                  for left in range(SENTENCE_WORDS[1] + 1)}


class _Filler(dict):
    """A ``format_map`` mapping that draws a fresh word for every slot it is asked for."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__()
        self.rng = rng

    def __missing__(self, key: str) -> str:
        return self.rng.choice(VOCABULARY[key])


class TextMaker:
    """Sentences, questions and answers of exact word counts from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.filler = _Filler(rng)

    def clause(self, most: int) -> str:
        template = self.rng.choice(CLAUSES_UP_TO[most])
        return template.format_map(self.filler)

    def body(self, count: int) -> str:
        """Clauses joined by connectors, then at most one modifier: exactly ``count`` words."""
        parts = [self.clause(count)]
        left = count - _words(parts[0])
        while left > LONGEST_MODIFIER:
            connector, comma, size = self.rng.choice(CONNECTORS_FOR[left])
            clause = self.clause(left - size)
            if comma:
                parts[-1] += ","
            parts.append(f"{connector} {clause}")
            left -= size + _words(clause)
        if left:
            parts.append(self.rng.choice(MODIFIERS_BY_COUNT[left]))
        return " ".join(parts)

    def sentence(self, count: int) -> str:
        """A statement, now and then an exclamation or a rhetorical question."""
        opener = ""
        if count >= 9 and self.rng.random() < 0.15:
            opener, size = self.rng.choice(OPENER_WORDS)
            count -= size
        text = self.body(count)
        text = f"{opener} {text}" if opener else text[0].upper() + text[1:]
        roll = self.rng.random()
        return text + ("?" if roll < 0.05 else "!" if roll < 0.08 else ".")

    def question(self) -> str:
        count = self.rng.randint(*QUESTION_WORDS)
        opener, size = self.rng.choice(QUESTION_OPENER_WORDS)
        return f"{opener[0].upper()}{opener[1:]} {self.body(count - size)}?"

    def paragraph(self, count: int) -> str:
        return " ".join(self.sentence(n) for n in self.split(count, *SENTENCE_WORDS))

    def answer(self, count: int) -> list[str]:
        """One to three paragraphs of ``count`` (at least 80) words in all."""
        paragraphs = self.rng.randint(1, 3)
        base = count // paragraphs
        sizes = [base + self.rng.randint(-(base // 3), base // 3) for _ in range(paragraphs - 1)]
        sizes.append(count - sum(sizes))
        return [self.paragraph(n) for n in sizes]

    def split(self, total: int, low: int, high: int) -> list[int]:
        """Random parts of ``total``, each between ``low`` and ``high`` (``total`` >= ``low``)."""
        parts = []
        while total > high:
            part = self.rng.randint(low, min(high, total - low))
            parts.append(part)
            total -= part
        return parts + [total]


def role_sequence(n: int) -> list[str]:
    """Roles for ``n`` interviews, interleaved in the study's proportions."""
    whole = sum(share for _, share in ROLE_SHARES)
    credit = {role: 0 for role, _ in ROLE_SHARES}
    roles = []
    for _ in range(n):
        for role, share in ROLE_SHARES:
            credit[role] += share
        chosen = max(credit, key=credit.__getitem__)
        credit[chosen] -= whole
        roles.append(chosen)
    return roles


def participant_ids(n: int) -> list[str]:
    """``G1, N1, G2, M1, …``: each role numbered from 1 in the order of the interviews."""
    seen: dict[str, int] = {}
    ids = []
    for role in role_sequence(n):
        seen[role] = seen.get(role, 0) + 1
        ids.append(f"{role}{seen[role]}")
    return ids


def interview_dates(n: int, rng: random.Random) -> list[dt.date]:
    """Dates in increasing order, spread evenly over the study's years with some jitter."""
    span = (LAST_DATE - FIRST_DATE).days
    return [FIRST_DATE + dt.timedelta(days=int((i + rng.random()) * span / max(n, 1)))
            for i in range(n)]


def transcript(pid: str, date: dt.date, words: int, maker: TextMaker) -> str:
    """One interview of exactly ``words`` words (at least one question and answer)."""
    blocks = [f"Participant: {pid}\nDate: {date.isoformat()}"]
    left = words - _words(blocks[0])
    while left > 0 or len(blocks) == 1:
        question = maker.question()
        blocks.append(f"Interviewer: {question}")
        left -= _words(question) + 1
        answer = _answer_length(left - 1, maker.rng)
        paragraphs = maker.answer(answer)
        blocks.append(f"{pid}: {paragraphs[0]}")
        blocks.extend(paragraphs[1:])
        left -= answer + 1
    return "\n\n".join(blocks) + "\n"


def _answer_length(left: int, rng: random.Random) -> int:
    """A random answer length that leaves either nothing or room for one more exchange."""
    low, high = ANSWER_WORDS
    if left <= high:
        return max(left, low)
    length = rng.randint(low, high)
    if left - length < LAST_PAIR_WORDS:
        length = left - LAST_PAIR_WORDS
    return length


def participant_rows(ids: list[str], rng: random.Random) -> list[list[object]]:
    """Plausible attributes per participant; managers are somewhat older."""
    rows = []
    for pid in ids:
        age = rng.randint(38, 60) if pid.startswith("M") else rng.randint(26, 58)
        years = rng.randint(1, age - 24)
        sex = "Female" if rng.random() < (0.8 if pid.startswith("N") else 0.5) else "Male"
        rows.append([pid, age, sex, years, rng.choice(INSTITUTIONS)])
    return rows


def write_txt(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def write_docx(path: Path, text: str) -> None:
    """The same lines as the txt, one Word paragraph each, blank lines left out."""
    import docx  # only needed for Word output

    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line)
    document.save(str(path))


def file_format(index: int, fmt: str) -> str:
    """``mixed`` makes every 10th file a Word document."""
    if fmt == "mixed":
        return "docx" if index % 10 == 9 else "txt"
    return fmt


def generate(out_dir: Path, n: int, words: int = 6000, seed: int = 1,
             fmt: str = "txt") -> list[Path]:
    """Write ``n`` transcripts and ``participants.csv`` into ``out_dir``; return the transcripts."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    maker = TextMaker(rng)
    ids = participant_ids(n)
    paths = []
    for index, (pid, date) in enumerate(zip(ids, interview_dates(n, rng))):
        kind = file_format(index, fmt)
        path = out_dir / f"{pid}.{kind}"
        text = transcript(pid, date, words, maker)
        (write_docx if kind == "docx" else write_txt)(path, text)
        paths.append(path)
    write_participants(out_dir / "participants.csv", participant_rows(ids, rng))
    return paths


def write_participants(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "age", "sex", "years_in_primary_care", "institution"])
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("-n", type=int, default=200, help="number of transcripts")
    parser.add_argument("--words", type=int, default=6000, help="words per transcript")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=FORMATS, default="txt", dest="fmt")
    args = parser.parse_args(argv)
    paths = generate(args.out_dir, args.n, args.words, args.seed, args.fmt)
    print(f"wrote {len(paths)} transcripts and participants.csv to {args.out_dir}")


if __name__ == "__main__":
    main()
