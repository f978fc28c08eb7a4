"""Writes server/src/test/resources/clip/token-goldens.json: CLIP token ids of test texts from the tokenizer CLIP
users run (open_clip's copy of OpenAI's SimpleTokenizer, with ftfy and regex), the reference ClipTokenizerTest
compares the Java tokenizer with. open_clip's tokenizer module imports torch but does not use it for encode(), so
a stub stands in for it.

  python3 -m venv /tmp/clipref && /tmp/clipref/bin/pip install ftfy==6.3.1 regex
  /tmp/clipref/bin/pip download --no-deps open_clip_torch==3.3.0 -d /tmp/clipref/whl
  (cd /tmp/clipref/whl && unzip -oq open_clip_torch-3.3.0-py3-none-any.whl)
  /tmp/clipref/bin/python tools/make-fixtures/make_clip_token_goldens.py /tmp/clipref/whl/open_clip/tokenizer.py"""
import importlib.util
import json
import os
import sys
import types

torch = types.ModuleType("torch")  # imported at module level, used in annotations only by encode()
torch.LongTensor = torch.Tensor = object
sys.modules["torch"] = torch
spec = importlib.util.spec_from_file_location("clip_tokenizer", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
tokenizer = module.SimpleTokenizer(bpe_path=os.path.join(os.path.dirname(sys.argv[1]), "bpe_simple_vocab_16e6.txt.gz"))

TEXTS = [
    "a photo of a dog",
    "A Photo Of A DOG!!",
    "  multiple   spaces\tand\nnewlines  ",
    "naïve café résumé",
    "Straße",
    "İstanbul",
    "日本語のテキスト",
    "emoji 🐶🚀 test",
    "don't won't it's we're I'll you'd they've I'm",
    "&amp; &lt;b&gt; &eacute; &#233; &#x1F600; &nbsp;x",
    "“curly” ‘quotes’",
    "ﬁne ﬂower",
    "ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ １２３",
    "numbers 12345 and 3.14",
    "control\x07chars\x00here",
    "\x1b[31mred\x1b[0m text",
    "C1 \x93quoted\x94",
    "<b>html &amp; tags</b>",
    "supercalifragilisticexpialidocious",
    "",
    "   ",
    "مرحبا بالعالم",
    "नमस्ते दुनिया",
    "안녕하세요 세계",
    "e\u0301cole",
    "&amp;amp;lt;",
    "&notit; &EACUTE; P&EACUTE;REZ",
    "x&#0;y &#128; &#x110000;",
    "a diagram of a cat sitting on a mat, drawn in pencil",
    "!!!???...,,,",
    "tab\u00a0nbsp\u2003emspace",
    " ".join(["word"] * 80),
]

goldens = [{"text": t, "ids": tokenizer.encode(t)} for t in TEXTS]
out = os.path.join(os.path.dirname(__file__), "..", "..", "server", "src", "test", "resources", "clip",
                   "token-goldens.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump({"reference": "open_clip_torch 3.3.0 SimpleTokenizer, ftfy %s" % module.ftfy.__version__,
               "goldens": goldens}, f, ensure_ascii=True, indent=1)
print("wrote", os.path.normpath(out), len(goldens))
