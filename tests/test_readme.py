"""The README's library example runs as written (style practice 12)."""

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
