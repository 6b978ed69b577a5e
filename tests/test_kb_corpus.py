"""The corpus of hostile knowledge-base files (tests/kb_corpus/), through real processes.

Each file goes through ``advisor data validate FILE`` and ``advisor recommend --data
FILE ...``, as a user runs them: the process is limited to 1 GiB of address space and
a few seconds of CPU. Each must exit 2 with one line per problem on stderr naming the file,
no traceback, and the problem the file was made for among those lines.
"""

from __future__ import annotations

import resource
import signal
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from clitools import ADVISOR

CORPUS = Path(__file__).parent / "kb_corpus"
#: the address space a process may use: the billion laughs would take gigabytes
MEMORY_LIMIT = 1 << 30
#: CPU seconds a process may use (each uses well under one): the kernel stops it past that.
#: CPU time, not wall-clock time, so that a loaded machine cannot fail the test.
CPU_LIMIT = 5
#: wall-clock seconds before a process is given up on (only a hang gets near it)
TIME_LIMIT = 120.0
RECOMMEND = ("recommend", "--country", "AA", "--use-case", "otp", "--direction", "one-way")

#: file (relative to the corpus) -> the problem it was made for, as the advisor says it
EXPECTED = {
    "billion_laughs.yaml": "uses more than 20 YAML aliases (*name); write the values out",
    "aliases_21.yaml": "uses more than 20 YAML aliases (*name); write the values out",
    "python_object_apply.yaml": "line 3, column 10: invalid YAML: could not determine a "
    "constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'",
    "python_object_new.yaml": "line 2, column 12: invalid YAML: could not determine a "
    "constructor for the tag 'tag:yaml.org,2002:python/object/new:collections.Counter'",
    "python_name.yaml": "line 2, column 7: invalid YAML: could not determine a constructor "
    "for the tag 'tag:yaml.org,2002:python/name:os.system'",
    "huge_integer.yaml": "line 130, column 16: invalid YAML: a whole number of 5,000 digits "
    "(at most 4,300)",
    "rules_nested_200.yaml": "rules[0].when: expected a condition: all, any, not, or fact "
    "with an operator, nested at most 12 deep",
    "rules_nested_13.yaml": "rules[0].when.not.not.not.not.not.not.not.not.not.not.not.not: "
    "nested more than 12 deep (rule sender-unavailable)",
    "true_as_number.yaml": "p2p_profile.messages_per_minute_max: expected a number, got true",
    "nan_as_number.yaml": "p2p_profile.messages_per_minute_max: expected a number >= 0, got nan",
    "inf_as_number.yaml": "p2p_profile.messages_per_minute_max: expected a number >= 0, got -inf",
    "1e308_as_number.yaml": "senders.long_code.attributes.throughput.tiers[0].mps: expected a "
    "number <= 1000000000, got 1e+308",
    "country_file_named_for_another/senders.yaml": "countries/DE.yaml: FR: a country file "
    "holds the country it is named for",
    "unknown_provider.yaml": "countries.AA.senders.short_code.available[0].providers: unknown "
    "provider 'acme' (not in providers)",
    "duplicate_source_id.yaml": "countries.AA.sources.twilio-isv-guide: the id is already "
    "used in sources",
    "duplicate_source_key.yaml": "line 10, column 3: invalid YAML: the key 'twilio-isv-guide' "
    "is given twice in one mapping (first on line 6)",
    "duplicate_country.yaml": "line 513, column 3: invalid YAML: the key 'AA' is given twice "
    "in one mapping (first on line 501)",
    "top_level_list.yaml": "expected a mapping at the top level, got a list",
    "top_level_scalar.yaml": "expected a mapping at the top level, got a str",
    "binary.yaml": "not UTF-8 text (byte 129)",
    "utf16.yaml": "not UTF-8 text (byte 1)",
    "nul_byte.yaml": "invalid YAML: unacceptable character #x0000",
    "empty.yaml": "expected a mapping at the top level, got empty",
    # made by the test (10 MB each)
    "one_key_10mb_value.yaml": "meta: expected a mapping, got 'xxxxxxxxxxxx",
    "one_key_10mb_name.yaml": "line 1, column 10000001: invalid YAML: mapping values are not "
    "allowed in this context",
}


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    code: int
    stderr: str


def _limit_memory() -> None:  # in the child, before it runs the advisor
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT + 1))


def _run(*args: str, cwd: Path) -> Run:
    done = subprocess.run(
        [ADVISOR, *args],
        capture_output=True,
        cwd=cwd,
        timeout=TIME_LIMIT,
        preexec_fn=_limit_memory,
        check=False,
    )
    stderr = done.stderr.decode("utf-8", "backslashreplace")
    return Run(args, done.returncode, stderr)


def _generated(folder: Path) -> dict[str, Path]:
    """The two 10 MB files of one key, too big to keep in the repository."""
    value = folder / "one_key_10mb_value.yaml"
    value.write_text("meta: " + "x" * 10_000_000 + "\n", encoding="utf-8")
    name = folder / "one_key_10mb_name.yaml"
    name.write_text("k" * 10_000_000 + ": 1\n", encoding="utf-8")
    return {value.name: value, name.name: name}


def test_the_corpus_lists_every_file() -> None:
    stored = {
        path.relative_to(CORPUS).as_posix()
        for path in CORPUS.rglob("*.yaml")
        if path.parent.name != "countries" and path.name != "valid_minimal.yaml"
    }
    assert stored == {name for name in EXPECTED if not name.startswith("one_key_10mb")}


def test_the_corpus_base_is_valid(tmp_path: Path) -> None:
    base = str(CORPUS / "valid_minimal.yaml")
    assert _run("data", "validate", base, cwd=tmp_path).code == 0
    answer = _run(*RECOMMEND, "--no-input", "--data", base, cwd=tmp_path)
    assert (answer.code, answer.stderr) == (0, "")


def test_every_hostile_file_is_refused_in_lines_quickly_and_in_bounded_memory(
    tmp_path: Path,
) -> None:
    files = {name: CORPUS / name for name in EXPECTED if not name.startswith("one_key_10mb")}
    files.update(_generated(tmp_path))
    jobs = []
    for name, path in files.items():
        jobs.append((name, ("data", "validate", str(path))))
        jobs.append((name, (*RECOMMEND, "--no-input", "--data", str(path))))
    with ThreadPoolExecutor(max_workers=2) as pool:  # the machine's cores
        runs = list(pool.map(lambda job: (job[0], _run(*job[1], cwd=tmp_path)), jobs))
    failures = []
    for name, run in runs:
        lines = run.stderr.splitlines()
        # a problem of a country file names that file
        label = str(files[name].parent if files[name].name == "senders.yaml" else files[name])
        problems = []
        if run.code != 2:
            problems.append(f"exit {run.code}")
        if "Traceback" in run.stderr or "internal error" in run.stderr:
            problems.append("a traceback or an internal error")
        if not lines or not all(line.startswith(f"advisor: error: {label}") for line in lines):
            problems.append("stderr is not one 'advisor: error: FILE: ...' line per problem")
        if run.args[0] == "recommend" and len(lines) != 1:
            problems.append("recommend says the first problem only, in one line")
        if not any(EXPECTED[name] in line for line in lines):
            problems.append(f"the problem it was made for is not said: {EXPECTED[name]}")
        if run.code == -signal.SIGXCPU:
            problems.append(f"used more than {CPU_LIMIT} s of CPU")
        if problems:
            failures.append(f"{name} ({run.args[0]}): {'; '.join(problems)}\n{run.stderr[:600]}")
    assert not failures, "\n".join(failures)
    assert not (tmp_path / "advisor-corpus-pwned").exists()  # no code ran from a YAML tag


@pytest.mark.parametrize("name", ["billion_laughs.yaml", "python_object_apply.yaml"])
def test_a_hostile_file_on_stdin(tmp_path: Path, name: str) -> None:
    done = subprocess.run(
        [ADVISOR, "data", "validate", "-"],
        input=(CORPUS / name).read_bytes(),
        capture_output=True,
        cwd=tmp_path,
        timeout=TIME_LIMIT,
        preexec_fn=_limit_memory,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.decode().startswith("advisor: error: stdin: ")
    assert EXPECTED[name] in done.stderr.decode()
