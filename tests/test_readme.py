"""The README's examples run as written (style practice 12): the library example and the command-line block."""

from __future__ import annotations

import os
import re
import shutil

from support.oracles import ROOT


def test_readme_python_example_runs(tmp_path, monkeypatch):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "README has no python example"
    example = ROOT / "resources" / "example" / "records"
    assert example.is_dir(), "the README example uses resources/example/records"
    shutil.copytree(example, tmp_path / "resources" / "example" / "records")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(blocks[0], "README.md", "exec"), namespace)  # noqa: S102 - our own README
    result = namespace["result"]
    assert result.package_path.name.endswith(".zip") and result.package_path.is_file()
    assert os.listdir(tmp_path / "out") == [result.package_path.name]


def test_readme_command_line_examples_run_as_written(tmp_path):
    """The first ``sh`` block under "The command line", each line run in a copy of the checkout's
    example files (bundled records, docs/job-example.json, docs/batch-example.csv)."""
    import shlex
    import subprocess
    import sys

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## The command line"):]
    block = re.search(r"```sh\n(.*?)```", section, flags=re.S).group(1)
    commands = [shlex.split(line.split("  #")[0]) for line in block.replace("\\\n", " ").splitlines() if line.strip()]
    assert [c[:2] for c in commands] == [["earchive", "build"], ["earchive", "build"], ["earchive", "batch"],
                                          ["earchive", "validate"], ["earchive", "demo"]]
    for folder in ("resources", "docs", "schemas"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for command in commands:
        done = subprocess.run([sys.executable, "-m", "earchive", *command[1:], "--lang", "en"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    assert (tmp_path / "out" / "SE-KS-2023-001" / "METS.xml").is_file() and (tmp_path / "report.html").is_file()
