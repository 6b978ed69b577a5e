"""Benchmark ``advisor segments --jsonl`` against the reference calculator.

Generates varied messages from a fixed seed (short and long GSM, extension
characters, curly quotes, emoji with flags, ZWJ sequences and skin tones, CJK,
Cyrillic, Greek look-alikes, and messages straddling every part boundary) and writes
them to a JSON Lines file, one ``{"id", "text"}`` a line.

End-to-end (the figure issue 13 sets the goal on): the command as users run it,
``advisor segments --jsonl FILE -o OUT``, timed as a whole process (start-up, reading,
counting, writing; best of ``--rounds``), beside the floor: the reference calculator,
the npm package ``sms-segments-calculator`` (Twilio's open-source calculator), run by
``node`` as a whole process on the same file, writing one JSON line per message with its
segments and encoding. It prints both times and the ratio, then where the advisor's
CPU time goes beside what the goal (50x the reference's) allows: its start-up (a
one-message run, and within it the framework's own: a typer command with the same two
options that does nothing) and the time a message.

Inner: ``count_segments`` alone over the same messages, beside the reference's own
in-process timing of ``new SegmentedMessage(...)``.

When node and npm are present, it installs the npm package into ``benchmarks/.cache/``
once, and lists the messages on which the two disagree, each with the reason when the
standard explains it. Disagreements it cannot explain make it exit 1. Without node,
it says so and times the advisor alone.

    python benchmarks/bench_segments.py [--messages N] [--seed S] [--rounds R] [--no-reference]
                                        [--compile] [--advisor-command CMD]

It says whether the advisor starts from cached bytecode: a checkout run with
PYTHONDONTWRITEBYTECODE set compiles its modules from source at every start (about
45 ms of CPU time), which an installed package never does; ``--compile`` writes the
bytecode first.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from advisor.content.segments import (  # noqa: E402
    Encoding,
    count_segments,
    split_segments,
)
from advisor.content.smart import smart_encode  # noqa: E402

CACHE = Path(__file__).resolve().parent / ".cache"
PACKAGE = "sms-segments-calculator"
DEFAULT_MESSAGES = 20_000
DEFAULT_SEED = 23038

# --- message generation --------------------------------------------------------------

WORDS = tuple(
    " ".join(
        (
            "your code is order shipped delivery tomorrow between and please reply STOP to",
            "opt out appointment confirmed with Dr Smith at pm am on Monday thanks for",
            "shopping with us balance account payment due reminder visit our store today",
            "offer ends tonight save ticket gate boarding flight delayed new time",
            "verification expires in minutes",
        )
    ).split(" ")
)
GSM_ACCENTED = (
    "\u00e9\u00e8\u00f9\u00ec\u00f2\u00c7\u00c5\u00e5\u00c4\u00d6\u00d1\u00dc\u00e4"
    "\u00f6\u00f1\u00fc\u00e0\u00df\u00a3\u00a5\u00a7\u00bf\u00a1\u0394\u03a9\u03a3"
)
EXTENSION = "\f^{}\\[~]|\u20ac"
SMART = (
    "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0\u2022\u00ab\u00bb\u201e\u2010\u2011"
    "\u2032\u02bc\u200b\u2009\u202f\uff01\uff1f"
)
NON_GSM_LATIN = (
    "\u00e1\u00ed\u00f3\u00fa\u00e2\u00ea\u00ee\u00f4\u00fb\u00e3\u00f5\u00eb\u00ef"
    "\u00e7\u00c1\u00c8\u00ca`"
)
# Greek capitals that look like Latin letters, and two lower-case Greek letters
GREEK_LOOKALIKES = (
    "\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4"
    "\u03a5\u03a7\u03b1\u03bf"
)
CYRILLIC = "".join(chr(code) for code in range(0x0410, 0x0450))
CJK = "".join(chr(code) for code in range(0x4E00, 0x4E00 + 400)) + "\u3001\u3002"
EMOJI_SIMPLE = [chr(code) for code in range(0x1F600, 0x1F650)] + [
    "\u2764\ufe0f",
    "\u2705",
    "\u2600",
]
SKIN_TONES = [chr(code) for code in range(0x1F3FB, 0x1F400)]
FLAGS = [
    "\U0001f1fa\U0001f1f8",
    "\U0001f1ec\U0001f1e7",
    "\U0001f1e9\U0001f1ea",
    "\U0001f1ef\U0001f1f5",
]
ZWJ = [
    "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466",  # family: 11 units
    "\U0001f469\u200d\U0001f4bb",  # woman technologist
    "\U0001f3f3\ufe0f\u200d\U0001f308",  # rainbow flag
]
KEYCAPS = [f"{digit}\ufe0f\u20e3" for digit in "0123456789#*"]
TAG_FLAG = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"  # England
COMBINING = ["e\u0301", "a\u0308", "n\u0303", "o\u0302"]


def _words(rng: random.Random, length: int) -> str:
    out: list[str] = []
    size = 0
    while size < length:
        word = rng.choice(WORDS)
        out.append(word)
        size += len(word) + 1
    return " ".join(out)[:length]


def _sprinkle(rng: random.Random, text: str, pool: Sequence[str], count: int) -> str:
    chars = list(text)
    for _ in range(count):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(pool))
    return "".join(chars)


def _emoji(rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return rng.choice(FLAGS)
    if kind == 1:
        return rng.choice(ZWJ)
    if kind == 2:
        return rng.choice(EMOJI_SIMPLE[:20]) + rng.choice(SKIN_TONES)
    if kind == 3:
        return rng.choice(KEYCAPS)
    if kind == 4:
        return TAG_FLAG
    return rng.choice(EMOJI_SIMPLE)


def _boundary(rng: random.Random) -> str:
    """A message whose length sits on, or a character straddles, a part boundary."""
    kind = rng.randrange(8)
    if kind == 0:  # GSM length at a limit, +-1
        limit = rng.choice((160, 306, 459, 612))
        return _words(rng, limit + rng.choice((-1, 0, 1)))
    if kind == 1:  # UCS-2 length at a limit, +-1
        limit = rng.choice((70, 134, 201, 268))
        return _words(rng, limit - 1 + rng.choice((-1, 0, 1))) + "\u2019"
    if kind == 2:  # an extension character on a GSM part boundary
        at = rng.choice((152, 153, 305, 306, 458))
        tail = _words(rng, rng.randrange(5, 60))
        return _words(rng, at + rng.choice((-1, 0))) + rng.choice(EXTENSION) + tail
    if kind == 3:  # an astral character on a UCS-2 part boundary
        at = rng.choice((66, 67, 133, 134, 200))
        head = "\u0416" + _words(rng, at - 1 + rng.choice((-1, 0)))
        return head + rng.choice(EMOJI_SIMPLE) + _words(rng, rng.randrange(5, 40))
    if kind == 4:  # a grapheme cluster straddling a UCS-2 boundary
        at = rng.choice((66, 67, 133, 134))
        cluster = rng.choice((*FLAGS, *ZWJ, *KEYCAPS, TAG_FLAG, *COMBINING))
        offset = rng.randrange(0, 4)
        head = "\u0416" + _words(rng, at - 1 - offset)
        return head + cluster + _words(rng, rng.randrange(5, 40))
    if kind == 5:  # CR LF across a GSM boundary
        return _words(rng, rng.choice((152, 153, 305))) + "\r\n" + _words(rng, 20)
    if kind == 6:  # skin tone emoji at a boundary
        head = "\u0416" + _words(rng, rng.choice((64, 65, 66)))
        return head + rng.choice(EMOJI_SIMPLE[:20]) + rng.choice(SKIN_TONES) + "ok"
    # only extension characters around a limit
    count = rng.choice((79, 80, 81, 153, 154))
    return "".join(rng.choice(EXTENSION) for _ in range(count))


def generate(count: int, seed: int) -> list[str]:
    """``count`` varied messages, the same for the same seed."""
    rng = random.Random(seed)
    makers: list[tuple[int, Callable[[], str]]] = [
        (14, lambda: _words(rng, rng.randrange(1, 161))),
        (8, lambda: _words(rng, rng.randrange(161, 1200))),
        (8, lambda: _sprinkle(rng, _words(rng, rng.randrange(20, 500)), EXTENSION, 3)),
        (6, lambda: _sprinkle(rng, _words(rng, rng.randrange(20, 400)), GSM_ACCENTED, 6)),
        (10, lambda: _sprinkle(rng, _words(rng, rng.randrange(20, 400)), SMART, 3)),
        (10, lambda: _sprinkle(rng, _words(rng, rng.randrange(10, 250)), [_emoji(rng)], 2)),
        (
            4,
            lambda: "".join(
                rng.choice(CJK) if rng.random() < 0.9 else " " for _ in range(rng.randrange(5, 300))
            ),
        ),
        (
            6,
            lambda: "".join(
                rng.choice(CYRILLIC) if rng.random() < 0.85 else " "
                for _ in range(rng.randrange(5, 400))
            ),
        ),
        (5, lambda: _sprinkle(rng, _words(rng, rng.randrange(20, 300)), GREEK_LOOKALIKES, 2)),
        (5, lambda: _sprinkle(rng, _words(rng, rng.randrange(20, 300)), NON_GSM_LATIN, 2)),
        (24, lambda: _boundary(rng)),
    ]
    weights = [weight for weight, _ in makers]
    choices = rng.choices(range(len(makers)), weights=weights, k=count)
    return [makers[index][1]() for index in choices]


# --- timing ours ---------------------------------------------------------------------


def time_ours(messages: Sequence[str], rounds: int = 3) -> float:
    """Best wall time of ``rounds`` passes of ``count_segments`` over ``messages``."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for text in messages:
            count_segments(text)
        best = min(best, time.perf_counter() - start)
    return best


def time_function(function: Callable[[str], object], messages: Sequence[str]) -> float:
    start = time.perf_counter()
    for text in messages:
        function(text)
    return time.perf_counter() - start


# --- the reference -------------------------------------------------------------------

NODE_SCRIPT = r"""
'use strict';
// Generated by benchmarks/bench_segments.py: times the reference calculator.
const fs = require('fs');
const { SegmentedMessage } = require('sms-segments-calculator');
const messages = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const warm = Math.min(200, messages.length);
for (let i = 0; i < warm; i++) new SegmentedMessage(messages[i]);
const results = new Array(messages.length);
let total = 0n;
for (let i = 0; i < messages.length; i++) {
  const start = process.hrtime.bigint();
  const message = new SegmentedMessage(messages[i]);
  const segments = message.segmentsCount;
  const encoding = message.encodingName;
  total += process.hrtime.bigint() - start;
  // The UTF-16 length of each segment's text, outside the timed part.
  const lengths = message.segments.map((segment) =>
    segment.reduce((sum, item) => sum + (item.isUserDataHeader ? 0 : item.raw.length), 0));
  results[i] = [segments, encoding, lengths];
}
fs.writeFileSync(process.argv[3], JSON.stringify({ seconds: Number(total) / 1e9, results }));
"""


@dataclass(frozen=True, slots=True)
class Reference:
    version: str
    node: str
    seconds: float
    results: list[tuple[int, str, list[int]]]


def reference_available() -> str | None:
    """None when node and npm are there, else why the comparison is skipped."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        return f"{' and '.join(missing)} not on PATH"
    return None


def install_reference() -> Path:
    """Install the npm package into the cache (once); return its directory."""
    package_dir = CACHE / "node_modules" / PACKAGE
    if not (package_dir / "package.json").is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(CACHE), PACKAGE],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return package_dir


def run_reference(messages: Sequence[str]) -> Reference:
    package_dir = install_reference()
    version = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))["version"]
    script = CACHE / "bench_reference.js"
    script.write_text(NODE_SCRIPT, encoding="utf-8")
    node_version = subprocess.run(
        ["node", "--version"], check=True, capture_output=True, text=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "messages.json"
        target = Path(tmp) / "results.json"
        source.write_text(json.dumps(list(messages)), encoding="ascii")
        subprocess.run(["node", str(script), str(source), str(target)], check=True, cwd=CACHE)
        data = json.loads(target.read_text(encoding="utf-8"))
    return Reference(version, node_version, data["seconds"], data["results"])


# --- end to end: whole processes on a real file ---------------------------------------

#: The reference as a command: reads the JSON Lines file, writes one JSON line per message.
NODE_COMMAND = r"""
'use strict';
// Generated by benchmarks/bench_segments.py: the reference calculator as a command.
const fs = require('fs');
const { SegmentedMessage } = require('sms-segments-calculator');
const out = [];
for (const line of fs.readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const data = JSON.parse(line);
  const message = new SegmentedMessage(data.text);
  out.push(JSON.stringify({
    id: data.id,
    encoding: message.encodingName,
    segments: message.segmentsCount,
    characters: message.numberOfCharacters,
    unicode_chars: message.getNonGsmCharacters(),
  }));
}
fs.writeFileSync(process.argv[3], out.join('\n') + '\n');
"""


def write_jsonl(messages: Sequence[str], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for number, text in enumerate(messages, start=1):
            out.write(json.dumps({"id": number, "text": text}, ensure_ascii=False) + "\n")


#: ``--advisor-command``: another advisor to time (an older checkout, for a before/after).
ADVISOR_COMMAND: list[str] = []


def advisor_command() -> list[str]:
    """The installed ``advisor`` beside this Python, else ``python -m advisor``."""
    if ADVISOR_COMMAND:
        return ADVISOR_COMMAND
    script = Path(sys.executable).with_name("advisor")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "advisor"]


@dataclass(frozen=True, slots=True)
class Timing:
    #: best wall time of the runs
    wall: float
    #: best CPU time (user + system) of the runs, from the kernel (``wait4``): on a
    #: shared machine it moves less with the load than the wall time does
    cpu: float


def time_process(command: Sequence[str], rounds: int) -> Timing:
    """Best wall and CPU time of ``rounds`` runs of ``command`` as its own process."""
    wall = cpu = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = min(wall, time.perf_counter() - start)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"{command[0]} exited {process.returncode}")
        cpu = min(cpu, usage.ru_utime + usage.ru_stime)
    return Timing(wall, cpu)


def time_advisor_command(source: Path, target: Path, rounds: int) -> Timing:
    return time_process(
        [*advisor_command(), "segments", "--jsonl", str(source), "-o", str(target)], rounds
    )


def time_reference_command(source: Path, target: Path, rounds: int) -> Timing:
    install_reference()
    script = CACHE / "bench_reference_command.js"
    script.write_text(NODE_COMMAND, encoding="utf-8")
    return time_process(["node", str(script), str(source), str(target)], rounds)


#: the framework's own start-up: a typer command with the two options that does nothing
#: (typer imports pydantic to build an adapter for each option it parses)
FRAMEWORK_COMMAND = """
import typer
app = typer.Typer()

@app.command()
def segments(jsonl: str = typer.Option(..., "--jsonl"), output: str = typer.Option("", "-o")):
    pass

app()
"""


def time_framework(source: Path, target: Path, rounds: int) -> Timing:
    command = [sys.executable, "-c", FRAMEWORK_COMMAND, "--jsonl", str(source), "-o", str(target)]
    return time_process(command, rounds)


def budget_note(ours: Timing, one: Timing, framework: Timing, theirs: Timing, count: int) -> str:
    """Where the advisor's CPU time goes (start-up, as a one-message run; the messages),
    beside what the goal of 50x the reference's CPU time allows for the whole run."""
    allowed = theirs.cpu / 50
    per_message = max(ours.cpu - one.cpu, 0.0) / max(count - 1, 1)
    return (
        f"split (CPU):     start-up {one.cpu:.3f} s (a one-message run; the framework's bare "
        f"command {framework.cpu:.3f} s), {per_message * 1e6:.1f} us a message; the goal "
        f"allows {allowed:.3f} s in all: {framework.cpu / allowed:.0%} of it for the "
        f"framework, {per_message * count / allowed:.0%} for the messages at this rate"
    )


def bytecode_note() -> str:
    """Whether this checkout's advisor starts from cached bytecode or compiles its modules
    from source at each start (about 45 ms of a run, December 2026): an installed package
    has its bytecode (pip writes it); a checkout run with PYTHONDONTWRITEBYTECODE set and
    no ``__pycache__`` compiles every time. ``--compile`` writes it first."""
    cached = Path(importlib.util.cache_from_source(str(ROOT / "advisor" / "__init__.py")))
    state = "cached" if cached.is_file() else "compiled from source at each start"
    flag = os.environ.get("PYTHONDONTWRITEBYTECODE")
    where = "another checkout: see its __pycache__" if ADVISOR_COMMAND else state
    return f"bytecode:        {where} (PYTHONDONTWRITEBYTECODE={flag or 'unset'})"


def compile_advisor() -> None:
    """Write this checkout's bytecode, as installing the package does."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "advisor")], check=True)


def end_to_end(messages: Sequence[str], rounds: int, reference: bool) -> None:
    """Print the command's time beside the reference command's, and the ratio."""
    print(bytecode_note())
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "messages.jsonl"
        write_jsonl(messages, source)
        size = source.stat().st_size
        ours = time_advisor_command(source, Path(tmp) / "advisor.jsonl", rounds)
        lines = sum(1 for _ in (Path(tmp) / "advisor.jsonl").open(encoding="utf-8"))
        if lines != len(messages):
            raise SystemExit(f"advisor answered {lines} lines for {len(messages)} messages")
        if reference:
            theirs = time_reference_command(source, Path(tmp) / "reference.jsonl", rounds)
            # Once more now that node is done: a shared machine's load comes and goes.
            again = time_advisor_command(source, Path(tmp) / "advisor.jsonl", rounds)
            ours = Timing(min(ours.wall, again.wall), min(ours.cpu, again.cpu))
        print(
            f"end to end:      advisor segments --jsonl FILE -o OUT ({size / 1e6:.1f} MB): "
            f"{ours.wall:.3f} s wall, {ours.cpu:.3f} s CPU, {_rate(len(messages), ours.wall)} "
            f"(best of {rounds}, whole process)"
        )
        if not reference:
            return
        print(
            f"                 reference command (node): {theirs.wall:.3f} s wall, "
            f"{theirs.cpu:.3f} s CPU, {_rate(len(messages), theirs.wall)} "
            f"(best of {rounds}, whole process)"
        )
        print(
            f"ratio (e2e):     {theirs.wall / ours.wall:,.1f}x the reference's wall time, "
            f"{theirs.cpu / ours.cpu:,.1f}x its CPU time (goal 50x, bar 25x)"
        )
        one_source = Path(tmp) / "one.jsonl"
        write_jsonl(messages[:1], one_source)
        one = time_advisor_command(one_source, Path(tmp) / "one-out.jsonl", rounds)
        framework = time_framework(one_source, Path(tmp) / "one-out.jsonl", rounds)
        print(budget_note(ours, one, framework, theirs, len(messages)))


# --- explaining disagreements ---------------------------------------------------------


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def cluster_kind(text: str, cut: int) -> str | None:
    """What grapheme cluster (UAX #29) a cut before ``text[cut]`` breaks, if any."""
    before, after = text[cut - 1], text[cut]
    if after == "\u200d" or before == "\u200d":
        return "a ZWJ emoji sequence"
    if 0x1F3FB <= ord(after) <= 0x1F3FF:
        return "an emoji with a skin-tone modifier"
    if after in "\ufe0f\u20e3":
        return "an emoji with its variation selector or keycap mark"
    if 0xE0020 <= ord(after) <= 0xE007F:
        return "an emoji tag sequence (subdivision flag)"
    if _regional(before) and _regional(after):
        run = 0
        while cut - run - 1 >= 0 and _regional(text[cut - run - 1]):
            run += 1
        if run % 2 == 1:  # regional indicators pair up from the start of the run
            return "a flag (regional indicator pair)"
        return None
    if unicodedata.category(after).startswith("M"):
        return "a letter with a combining mark"
    return None


def explain(text: str, ours: tuple[int, str], theirs: tuple[int, str, list[int]]) -> str | None:
    """Why the reference counts ``text`` differently, or None when unexplained."""
    _, encoding, lengths = theirs
    if encoding != ours[1]:
        return None  # both use the strict TS 23.038 table: no known reason
    parts = split_segments(text)
    ours_cuts: list[int] = []
    total = 0
    for part in parts[:-1]:
        total += len(part)
        ours_cuts.append(total)
    their_cuts: list[int] = []
    total16 = 0
    for length in lengths[:-1]:
        total16 += length
        their_cuts.append(total16)
    for index, cut in enumerate(ours_cuts):
        cut16 = _utf16(text[:cut])
        if index >= len(their_cuts) or their_cuts[index] != cut16:
            if index < len(their_cuts) and their_cuts[index] > cut16:
                return None  # the reference packed more: never expected
            kind = cluster_kind(text, cut) if 0 < cut < len(text) else None
            if kind is None:
                return None
            return (
                f"the reference keeps {kind} together at the boundary at character {cut}; "
                "TS 23.040 §9.2.3.24.1 protects only escape sequences and UCS-2 characters"
            )
    return None


# --- main ----------------------------------------------------------------------------


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f} messages/s" if seconds > 0 else "n/a"


def _shown(text: str, limit: int = 70) -> str:
    shown = json.dumps(text, ensure_ascii=False)
    return shown if len(shown) <= limit else shown[: limit - 4] + '..."'


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=DEFAULT_MESSAGES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each command (best)")
    parser.add_argument("--no-reference", action="store_true", help="skip the node comparison")
    parser.add_argument(
        "--advisor-command",
        help='the advisor to time end to end, e.g. "env PYTHONPATH=OLD python -m advisor"',
    )
    parser.add_argument(
        "--compile",
        action="store_true",
        help="write this checkout's bytecode first, as an installed package has it",
    )
    args = parser.parse_args(argv)
    if args.compile:
        compile_advisor()
    if args.advisor_command:
        ADVISOR_COMMAND[:] = shlex.split(args.advisor_command)
    skipped = "--no-reference given" if args.no_reference else reference_available()

    messages = generate(args.messages, args.seed)
    ours = [count_segments(text) for text in messages]
    encodings = Counter(result.encoding.value for result in ours)
    multipart = sum(result.segments > 1 for result in ours)
    print(f"messages:        {len(messages):,} (seed {args.seed})")
    print(
        f"                 {encodings[Encoding.GSM7.value]:,} GSM-7, "
        f"{encodings[Encoding.UCS2.value]:,} UCS-2, {multipart:,} multipart, "
        f"{sum(len(text) for text in messages):,} characters"
    )
    if skipped is not None:
        print(f"reference:       skipped ({skipped})")
    end_to_end(messages, args.rounds, reference=skipped is None)
    seconds = time_ours(messages)
    print(
        f"inner:           count_segments {seconds:.3f} s, {_rate(len(messages), seconds)} "
        f"(best of 3, Python {platform.python_version()})"
    )
    split_seconds = time_function(split_segments, messages)
    smart_seconds = time_function(smart_encode, messages)
    print(
        f"                 split_segments {_rate(len(messages), split_seconds)}, "
        f"smart_encode {_rate(len(messages), smart_seconds)}"
    )

    if skipped is not None:
        return 0
    reference = run_reference(messages)
    # Time ours again now that node is done: a shared machine's load comes and goes.
    again = time_ours(messages)
    if again < seconds:
        seconds = again
        print(
            f"inner again:     count_segments {seconds:.3f} s, "
            f"{_rate(len(messages), seconds)} (best of 3 after the reference)"
        )
    print(
        f"inner reference: {PACKAGE} {reference.version} on node {reference.node}: "
        f"{reference.seconds:.3f} s, {_rate(len(messages), reference.seconds)}, "
        f"{reference.seconds / len(messages) * 1e3:.3f} ms per message"
    )
    if seconds > 0:
        print(f"ratio (inner):   {reference.seconds / seconds:,.1f}x the reference's rate")

    reasons: Counter[str] = Counter()
    samples: list[str] = []
    unexplained: list[str] = []
    for text, result, theirs in zip(messages, ours, reference.results, strict=True):
        mine = (result.segments, result.encoding.value)
        if mine == (theirs[0], theirs[1]):
            continue
        reason = explain(text, mine, (theirs[0], theirs[1], theirs[2]))
        line = f"  ours {mine[0]} {mine[1]}, reference {theirs[0]} {theirs[1]}: {_shown(text)}"
        if reason is None:
            unexplained.append(line)
            continue
        reasons[reason.split(" at the boundary")[0]] += 1
        if len(samples) < 20:
            samples.append(f"{line}\n      {reason}")
    disagreements = sum(reasons.values()) + len(unexplained)
    print(f"disagreements:   {disagreements:,} of {len(messages):,}")
    for reason, count in reasons.most_common():
        print(f"  {count:6,}  {reason}")
    if samples:
        print("sample:")
        print("\n".join(samples))
    if unexplained:
        print(f"UNEXPLAINED DISAGREEMENTS: {len(unexplained):,}")
        print("\n".join(unexplained[:20]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
