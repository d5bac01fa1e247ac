"""Public feedback board: comments rendered as HTML cards, profile links, embeds."""
import streamlit as st
import streamlit.components.v1 as components

st.title("Feedback board")

if "posts" not in st.session_state:
    st.session_state.posts = []

with st.form("new_post", clear_on_submit=True):
    author = st.text_input("Name", key="author")
    homepage = st.text_input("Your website", key="homepage")
    body = st.text_area("Feedback")
    sent = st.form_submit_button("Post")

if sent and body:
    st.session_state.posts.append((author, homepage, body))

st.markdown(f"Posting as <b>{st.session_state.author}</b>", unsafe_allow_html=True)  # expect: STS402
st.markdown(f"[Your website]({st.session_state.homepage})")  # expect: STS404
st.link_button("Visit your site", homepage)  # expect: STS404

card = "<div class='card'><h4>{}</h4><p>{}</p></div>".format(author, body)
st.markdown(card, True)  # expect: STS402

video = st.query_params.get("video")
if video:
    components.iframe(video, height=360)  # expect: STS402
embed = st.text_area("Custom embed code (HTML)")
if embed:
    components.html(embed, height=200)  # expect: STS402
st.html(f"<p>Thanks, {author}!</p>")
