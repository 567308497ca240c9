"""Collection setup for the whole tree (the doctests under src/ included).

The datatrove step's module imports datatrove at the top, as a pipeline step
must; without datatrove installed its doctests are skipped like
tests/test_datatrove.py, instead of failing collection.
"""

from __future__ import annotations

import importlib.util

collect_ignore = [] if importlib.util.find_spec("datatrove") else ["src/cleanse/integrations/datatrove.py"]
