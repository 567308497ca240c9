"""Clean JSON-lines pages with datatrove: read, cleanse, write, on local tasks.

    pip install 'cleanse[datatrove]'
    python examples/datatrove_clean.py examples/pages.jsonl out/ [--tasks 2 --workers 2]

The input is a JSON-lines file, or a folder of them (datatrove gives each task
its share of the files). Each record's ``text`` (plain text or HTML, told
apart per record) becomes its article body; ``url`` goes to the rules; every
other field is kept in the document's metadata. Records whose body comes out
empty are dropped. The output folder gets one ``<rank>.jsonl`` per task and
``logs/`` gets datatrove's stats. On Slurm, swap the executor for
``SlurmPipelineExecutor`` with the same pipeline.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleanse.integrations.datatrove import CleanseStep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path, help="a .jsonl file or a folder of them")
    parser.add_argument("output", type=Path, help="folder for the cleaned .jsonl files and logs/")
    parser.add_argument("--tasks", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()

    folder, pattern = (args.input.parent, args.input.name) if args.input.is_file() else (args.input, "*.jsonl")
    step = CleanseStep(input_format="auto", drop_empty=True, on_error="drop")
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(folder), glob_pattern=pattern),
            step,
            JsonlWriter(str(args.output), compression=None),
        ],
        tasks=args.tasks,
        workers=args.workers,
        logging_dir=str(args.output / "logs"),
    )
    executor.run()

    # What came out, record by record, and the step's counters summed over all tasks.
    for path in sorted(args.output.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            doc = json.loads(line)
            meta = doc["metadata"]
            print(
                f"{path.name} {doc['id']}: {meta['cleanse_format']}, {meta['cleanse_blocks']} blocks, "
                f"dropped {meta['cleanse_dropped']} {meta['cleanse_dropped_by_code']}, "
                f"fallback={meta['cleanse_fallback']}, {len(doc['text'])} chars kept"
            )
    stats = json.loads((args.output / "logs" / "stats.json").read_text("utf-8"))
    [mine] = [s for s in stats if s["name"] == str(step)]
    counters = {k: v["total"] if isinstance(v, dict) else v for k, v in mine["stats"].items() if k != "doc_len"}
    print(f"{mine['name']} stats:", json.dumps(counters, ensure_ascii=False))


if __name__ == "__main__":
    main()
