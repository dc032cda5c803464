"""The package list, which pyproject.toml alone cannot give: qcoder's own packages, found, plus
the top-level ``resources/`` and ``sample_project/`` folders installed as ``qcoder.resources`` and
``qcoder.sample_project`` (``[tool.setuptools.package-dir]`` in pyproject.toml maps them).

With ``packages.find`` only, a wheel held neither the bundled codebook nor the world outline nor
the sample study. In a checkout (and an editable install) the code finds those folders directly.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["qcoder", "qcoder.*"]), "qcoder.resources", "qcoder.sample_project"])
