#!/usr/bin/env python3
"""duizhao: build a side-by-side comparison site from scraped Chinese sources.

Thin CLI: parses arguments and calls the package. See `python site.py --help`.
"""
from __future__ import annotations

import sys

from duizhao.cli import main

if __name__ == "__main__":
    sys.exit(main())
