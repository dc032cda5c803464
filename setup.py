"""The package list, which pyproject.toml alone cannot give: qcoder's own packages, found, plus
the top-level ``resources/`` and ``sample_project/`` folders installed as ``qcoder.resources`` and
``qcoder.sample_project`` (``[tool.setuptools.package-dir]`` in pyproject.toml maps them).

With ``packages.find`` only, a wheel held neither the bundled codebook nor the world outline nor
the sample study. In a checkout (and an editable install) the code finds those folders directly.
The README goes into the wheel too, as ``qcoder/resources/README.md``: Help ▸ User guide shows it.
"""

import shutil
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py


class BuildWithUserGuide(build_py):
    def run(self) -> None:
        super().run()
        guide = Path(self.build_lib) / "qcoder" / "resources" / "README.md"
        guide.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(__file__).parent / "README.md", guide)


setup(
    packages=[*find_packages(include=["qcoder", "qcoder.*"]), "qcoder.resources", "qcoder.sample_project"],
    cmdclass={"build_py": BuildWithUserGuide},
)
