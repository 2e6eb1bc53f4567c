"""dlbasics: the small PyTorch library behind the book *딥러닝 기초 (DL Basic)*.

Every figure, number and claim in the book is computed by code in this package.
Imports here stay light: ``import dlbasics`` loads no plotting code.
"""

from dlbasics.seed import set_seed

__all__ = ["__version__", "set_seed"]
__version__ = "0.1.0"
