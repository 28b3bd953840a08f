#!/usr/bin/env python3
"""Draws a flame graph as SVG from async-profiler's collapsed stacks (output=collapsed).

async-profiler 4 writes its interactive flame graphs as HTML only; docs/performance.md keeps SVG images, so
this draws one: frames as boxes, widths proportional to samples, the pool's frames (io/mcpool/impl) in orange,
the SDK's in blue, Jetty/the test server in grey, the JDK and the JVM in yellow. Frames narrower than a pixel
are dropped.

Usage: flamegraph.py collapsed.csv out.svg "title"
"""
import html
import sys

WIDTH = 1200
ROW = 16
MIN_PX = 2.0
MAX_LEVELS = 120


def colour(frame):
    if frame.startswith(("io/mcpool/impl", "org/apache/commons/pool2")):
        return "#f28c28"
    if frame.startswith("io/modelcontextprotocol"):
        return "#5b9bd5"
    if frame.startswith(("org/eclipse/jetty", "io/mcpool/testkit", "jakarta/")):
        return "#a5a5a5"
    if frame.startswith(("reactor/", "tools/jackson", "com/fasterxml")):
        return "#70ad47"
    return "#ffd966"


def build(lines):
    root = {"n": 0, "kids": {}}
    for line in lines:
        line = line.rstrip()
        if not line:
            continue
        stack, count = line.rsplit(" ", 1)
        count = int(count)
        root["n"] += count
        node = root
        for frame in stack.split(";"):
            node = node["kids"].setdefault(frame, {"n": 0, "kids": {}})
            node["n"] += count
    return root


def depth(node):
    return 1 + max((depth(k) for k in node["kids"].values()), default=0)


def draw(node, name, x, level, scale, height, out):
    w = node["n"] * scale
    if w < MIN_PX or level >= MAX_LEVELS:
        return
    y = height - (level + 1) * ROW
    label = name.split("(")[0]
    short = label.rsplit("/", 1)[-1]
    chars = int((w - 4) / 7)
    text = short if len(short) <= chars else (short[: max(chars - 2, 0)] + ".." if chars > 3 else "")
    out.append('<g><title>%s (%d samples, %.1f%%)</title><rect x="%.1f" y="%d" width="%.1f" height="%d" '
               'fill="%s" stroke="white" stroke-width="0.5"/><text x="%.1f" y="%d">%s</text></g>'
               % (html.escape(label), node["n"], 100.0 * node["n"] / ROOT_TOTAL[0], x, y, w, ROW - 1,
                  colour(name), x + 2, y + ROW - 4, html.escape(text)))
    cx = x
    for kid_name, kid in sorted(node["kids"].items(), key=lambda kv: kv[0]):
        draw(kid, kid_name, cx, level + 1, scale, height, out)
        cx += kid["n"] * scale


ROOT_TOTAL = [1]


def main():
    source, target, title = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(source) as f:
        root = build(f)
    ROOT_TOTAL[0] = max(root["n"], 1)
    levels = min(depth(root), MAX_LEVELS)
    height = (levels + 3) * ROW
    scale = WIDTH / ROOT_TOTAL[0]
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="monospace" font-size="11">'
           % (WIDTH, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="4" y="14" font-size="13">%s (%d samples)</text>' % (html.escape(title), root["n"])]
    draw(root, "all", 0, 0, scale, height, out)
    out.append("</svg>")
    with open(target, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
