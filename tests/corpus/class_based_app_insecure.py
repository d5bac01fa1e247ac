"""Class-based app with a main() entry point (a common structure in bigger repos)."""
import os
import sqlite3

import streamlit as st


class TicketApp:
    def __init__(self, db_path: str) -> None:
        self.con = sqlite3.connect(db_path, check_same_thread=False)

    def search(self) -> None:
        term = st.text_input("Search tickets")
        if term:
            cur = self.con.cursor()
            cur.execute(f"SELECT id, title FROM tickets WHERE title LIKE '%{term}%'")  # expect: STS401
            for ticket_id, title in cur.fetchall():
                st.markdown(f"**#{ticket_id}** {title}")

    def attachment(self) -> None:
        name = st.text_input("Attachment name")
        if name:
            with open(os.path.join("attachments", name), "rb") as fh:  # expect: STS405
                st.download_button("Download", fh, file_name=name)

    def banner(self) -> None:
        st.session_state.banner = st.sidebar.text_input("Banner (HTML allowed)")
        st.markdown(st.session_state.banner, unsafe_allow_html=True)  # expect: STS402


def main() -> None:
    st.set_page_config(page_title="Tickets")
    app = TicketApp(os.getenv("TICKETS_DB", "tickets.db"))
    tab_search, tab_files = st.tabs(["Search", "Files"])
    with tab_search:
        app.search()
    with tab_files:
        app.attachment()
    app.banner()
    debug = st.query_params.get("debug")
    if debug:
        st.write(eval(debug))  # expect: STS302


if __name__ == "__main__":
    main()
