"""Image classifier playground: bring your own weights, snap a photo, keep a gallery."""
import io
import os

import joblib
import streamlit as st
import torch
from PIL import Image

GALLERY = "gallery"
os.makedirs(GALLERY, exist_ok=True)

st.title("Classifier playground")

weights = st.sidebar.file_uploader("Model weights (.pt)", type=["pt", "pth"])
model = None
if weights is not None:
    model = torch.load(io.BytesIO(weights.getvalue()), map_location="cpu")  # expect: STS301

labels_file = st.sidebar.file_uploader("Label encoder (.joblib)", type="joblib")
encoder = joblib.load(labels_file) if labels_file else None  # expect: STS301

photo = st.camera_input("Take a picture")
if photo is not None:
    image = Image.open(photo)
    st.image(image, caption="Your photo")
    with open(os.path.join(GALLERY, photo.name), "wb") as fh:  # expect: STS405
        fh.write(photo.getvalue())

clip = st.audio_input("Describe the picture")
if clip is not None:
    with open(f"{GALLERY}/{clip.name}.txt", "w") as fh:  # expect: STS405
        fh.write("transcript pending")
    st.audio(clip)

caption = st.text_input("Caption for the gallery")
if caption:
    st.markdown(f"<figcaption>{caption}</figcaption>", unsafe_allow_html=True)  # expect: STS402
