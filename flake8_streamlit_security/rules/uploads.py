"""STS501-STS503: file uploads."""
from __future__ import annotations

import ast

from flake8_streamlit_security import names
from flake8_streamlit_security.names import const_str
from flake8_streamlit_security.rules.base import Family, short
from flake8_streamlit_security.knowledge.categories import ARCHIVE
from flake8_streamlit_security.knowledge.propagation import UPLOAD_READERS
from flake8_streamlit_security.engine import Analyzer, Env

_SAFE_TAR_FILTERS = ("data", "tar")
# Library readers that consume an uploaded file object whole.
_PARSERS = frozenset(
    {"pandas.read_csv", "pandas.read_excel", "pandas.read_json", "pandas.read_parquet",
     "pandas.read_table", "PIL.Image.open", "pypdf.PdfReader", "PyPDF2.PdfReader",
     "docx.Document", "json.load", "fitz.open", "pymupdf.open", "openpyxl.load_workbook",
     "polars.read_csv", "numpy.loadtxt", "soundfile.read", "librosa.load"}
)


class UploadRules(Family):
    codes = ("STS501", "STS502", "STS503")

    def __init__(self, an: Analyzer) -> None:
        super().__init__(an)
        self.an.on_call(
            self.on_call, fqs={"streamlit.file_uploader", "shutil.unpack_archive", *_PARSERS},
            methods={"extractall", "extract", *UPLOAD_READERS})
        self.an.on("compare", self.on_compare)
        self.an.on("module_end", self.on_module_end)
        self.reads: list[ast.Call] = []
        self.size_checked = False

    def on_call(self, node: ast.Call, fq: str | None, env: Env) -> None:
        an = self.an
        if fq == "streamlit.file_uploader":
            tp = names.arg_node(node, 1, "type")
            spread = any(isinstance(a, ast.Starred) for a in node.args) or any(
                kw.arg is None for kw in node.keywords)  # *args / **kwargs may carry it
            if (tp is None and not spread) or (isinstance(tp, ast.Constant) and tp.value is None):
                self.report(node, "STS501")
            if names.kwarg(node, "max_upload_size") is not None:
                self.size_checked = True
            return
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("extractall", "extract"):
            recv = an.val(func.value, env)
            if "archive" in recv.flags:
                filt = names.kwarg(node, "filter")
                if filt is not None and (const_str(filt.value) in _SAFE_TAR_FILTERS or (
                    names.dotted(filt.value) or "").endswith(("data_filter", "tar_filter"))
                ):
                    return
                # user data here; a parameter's flow makes the function a sink for it
                an.sink_value(node, recv, ARCHIVE, "STS502", "." + func.attr)
            return
        if fq == "shutil.unpack_archive":
            an.sink(names.arg_node(node, 0, "filename"), ARCHIVE, "STS502", short(fq, node),
                    env)
            return
        # STS503 candidates: the content of an upload is read or parsed
        if isinstance(func, ast.Attribute) and func.attr in UPLOAD_READERS:
            if "upload" in an.val(func.value, env).flags and func.attr != "decode":
                self.reads.append(node)
        elif fq in _PARSERS and node.args:
            if "upload" in an.val(node.args[0], env).flags:
                self.reads.append(node)

    def on_compare(self, node: ast.Compare, env: Env) -> None:
        if self.size_checked:
            return
        for side in [node.left, *node.comparators]:
            while isinstance(side, (ast.Call, ast.BinOp)):  # len(x.getvalue()), x.size / 1e6
                side = side.left if isinstance(side, ast.BinOp) else (
                    side.args[0] if side.args else side.func)
            if isinstance(side, ast.Attribute) and side.attr in ("size", "getbuffer", "nbytes"):
                self.size_checked = True
                return

    def on_module_end(self, env: Env) -> None:
        if not self.size_checked:
            for node in self.reads:
                self.report(node, "STS503")
        self.reads = []
        self.size_checked = False
