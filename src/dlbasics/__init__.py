"""dlbasics: the small PyTorch library behind the book *Deep Learning Basics* (ko, en).

Every figure, number and claim in the book is computed by code in this package.
Imports here stay light: ``import dlbasics`` loads no plotting code.
"""

from dlbasics.seed import set_seed

__all__ = ["__version__", "set_seed"]
__version__ = "0.1.0"
