"""Writes the large compose projects scripts/bench-loader.sh times, one folder per shape.

Each shape stresses one part of the loader with as much input as the 4 MiB file limit allows
(a little under it): many keys in one mapping, a long sequence, many services, deep nesting,
many anchors and aliases, a long string, many variables, many documents, two files merged,
and large `.env` and `env_file`s.

    python3 loader_inputs.py DIR
"""

import os
import sys

LIMIT = int(os.environ.get("SHAPE_BYTES", 4 * 1024 * 1024 - 64 * 1024))


def fill(head, line, limit=LIMIT):
    """`head`, then `line(i)` for i = 0, 1, ... while the text stays under `limit` bytes."""
    parts, size, i = [head], len(head), 0
    while True:
        part = line(i)
        if size + len(part) > limit:
            return "".join(parts)
        parts.append(part)
        size += len(part)
        i += 1


WEB = "services:\n  web:\n    image: busybox:1.36\n"


def shapes():
    yield "keys", {"compose.yaml": fill(WEB + "    labels:\n", lambda i: f"      k{i}: v\n")}
    yield "sequence", {"compose.yaml": fill(WEB + "x-items:\n", lambda i: f"  - v{i}\n")}
    yield "services", {"compose.yaml": fill("services:\n", lambda i: f"  s{i}:\n    image: busybox:1.36\n")}
    # saphyr's parser stops at 256 levels; 200 levels, as many times as they fit.
    deep = "".join(f"{'  ' * (d + 1)}k{d}:\n" for d in range(200)) + "  " * 201 + "leaf: v\n"
    yield "nesting", {"compose.yaml": fill(WEB, lambda i: f"x-n{i}:\n{deep}")}
    yield "anchors", {
        "compose.yaml": fill(
            "x-base: &base\n  image: busybox:1.36\n  restart: always\nservices:\n",
            lambda i: f"  s{i}:\n    <<: *base\n    labels: &l{i} {{a: b}}\n    annotations: *l{i}\n",
        )
    }
    yield "string", {"compose.yaml": WEB + "    environment:\n      LONG: " + "x" * (LIMIT - 200) + "\n"}
    yield "variables", {
        "compose.yaml": fill(WEB + "    labels:\n", lambda i: f"      k{i}: ${{V{i}:-d}}$$U{i}\n"),
    }
    yield "unset", {"compose.yaml": fill(WEB + "    labels:\n", lambda i: f"      k{i}: $U{i}\n")}
    yield "documents", {"compose.yaml": fill("", lambda i: f"---\nservices:\n  s{i}:\n    image: busybox:1.36\n")}
    half = LIMIT // 2
    yield "merge", {
        "compose.yaml": fill("services:\n", lambda i: f"  s{i}:\n    image: busybox:1.36\n", half),
        "override.yaml": fill("services:\n", lambda i: f"  s{i}:\n    image: busybox:1.37\n", half),
    }
    yield "dotenv", {
        "compose.yaml": WEB + "    env_file: big.env\n    labels:\n      x: ${V1}\n",
        ".env": fill("", lambda i: f"V{i}=value{i}\n"),
        "big.env": fill("", lambda i: f"E{i}=value{i}\n"),
    }


def main():
    root = sys.argv[1]
    for name, files in shapes():
        folder = os.path.join(root, name)
        os.makedirs(folder, exist_ok=True)
        for file, text in files.items():
            with open(os.path.join(folder, file), "w") as f:
                f.write(text)
        print(name)


if __name__ == "__main__":
    main()
