"""Writes server/src/main/resources/clip/text-cleaning.txt: the tables CLIP's text cleaning reads, taken from
the Python code CLIP runs (ftfy.fix_text, then html.unescape twice), so the Java tokenizer cleans text as they do.

  python3 -m venv /tmp/ftfy && /tmp/ftfy/bin/pip install ftfy==6.3.1
  /tmp/ftfy/bin/python tools/make-fixtures/make_clip_tables.py

Lines: 'h<name>' TAB value  Python's html.unescape named references (HTML5, some without ';')
       'n<number>' TAB value  numeric references html.unescape replaces; 'x<number>' those it drops
       'e<entity>' TAB value  ftfy's unescape_html entities (with ';', upper-case variants too)
       'l', 'w', 'c' + code point [TAB value]  ftfy's Latin ligatures, character widths, control characters
Values are space-separated hex code points."""
import html
import html.entities
import os
import sys

import ftfy
import ftfy.chardata as chardata


def hexes(value):
    return " ".join("%x" % ord(c) for c in value)


out = os.path.join(os.path.dirname(__file__), "..", "..", "server", "src", "main", "resources", "clip",
                   "text-cleaning.txt")
with open(out, "w", encoding="ascii", newline="\n") as f:
    f.write("# made by tools/make-fixtures/make_clip_tables.py: Python %s, ftfy %s\n"
            % (sys.version.split()[0], ftfy.__version__))
    for name, value in sorted(html.entities.html5.items()):
        f.write("h%s\t%s\n" % (name, hexes(value)))
    for num, value in sorted(html._invalid_charrefs.items()):
        f.write("n%d\t%s\n" % (num, hexes(value)))
    for num in sorted(html._invalid_codepoints):
        f.write("x%d\n" % num)
    for entity, value in sorted(chardata.HTML_ENTITIES.items()):
        f.write("e%s\t%s\n" % (entity, hexes(value)))
    for cp, value in sorted(chardata.LIGATURES.items()):
        f.write("l%x\t%s\n" % (cp, hexes(value)))
    for cp, value in sorted(chardata.WIDTH_MAP.items()):
        f.write("w%x\t%s\n" % (cp, hexes(value)))
    for cp in sorted(chardata.CONTROL_CHARS):
        f.write("c%x\n" % cp)
print("wrote", os.path.normpath(out))
