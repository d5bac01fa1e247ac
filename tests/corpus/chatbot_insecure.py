"""Llama chat demo (copied from a blog post, with its problems)."""
import os

import streamlit as st
from groq import Groq

GROQ_API_KEY = "gsk_" "Wq3Er5Ty7Ui9Op1AsWq3Er5Ty7Ui9Op1AsWq3Er5Ty7Ui9Op1AsD"  # expect: STS102
os.environ["LANGCHAIN_API_KEY"] = "Lc7Vq2Zp9Rx4Tm6Wn8Ys"  # expect: STS101

client = Groq(api_key=GROQ_API_KEY)
print("LangChain key:", os.environ["LANGCHAIN_API_KEY"])  # expect: STS106

st.title("Llama 3 chat")
with st.expander("Debug"):
    st.json(dict(os.environ))  # expect: STS105

name = st.sidebar.text_input("Your name", "friend")
st.markdown(f"<h2 style='color:#ff4b4b'>Hello {name}!</h2>", unsafe_allow_html=True)  # expect: STS402

if "history" not in st.session_state:
    st.session_state.history = []

for role, text in st.session_state.history:
    st.chat_message(role).write(text)

if prompt := st.chat_input("Message Llama"):
    st.session_state.history.append(("user", prompt))
    completion = client.chat.completions.create(
        model="llama3-70b-8192",
        messages=[{"role": "user", "content": prompt}],
    )
    answer = completion.choices[0].message.content
    st.session_state.history.append(("assistant", answer))
    st.chat_message("assistant").write(answer)
    st.markdown(  # the bubble used for the latest question
        f"<div class='bubble'>{prompt}</div>",
        unsafe_allow_html=True,  # expect: STS402
    )
