"""Store locator map: tokens stay server-side, URL parameters are parsed, HTML is escaped."""
import html
import urllib.parse

import pandas as pd
import pydeck as pdk
import streamlit as st

MAPBOX_TOKEN = st.secrets["mapbox"]["token"]
STORES_CSV = "data/stores.csv"


@st.cache_data
def load_stores(region: str) -> pd.DataFrame:
    df = pd.read_csv(STORES_CSV)
    return df[df["region"] == region]


region = st.query_params.get("region", "EU")
if region not in {"EU", "US", "APAC"}:
    region = "EU"
lat = float(st.query_params.get("lat", "48.85"))
lon = float(st.query_params.get("lon", "2.35"))
stores = load_stores(region)

st.title(f"Stores in {region}")
st.markdown(
    f"<p class='coords'>Centered on {lat:.3f}, {lon:.3f}</p>",
    unsafe_allow_html=True,
)
search = st.text_input("Filter by city")
if search:
    stores = stores[stores["city"].str.contains(search, case=False, regex=False)]
    st.markdown(f"Filtering on <b>{html.escape(search)}</b>", unsafe_allow_html=True)

st.pydeck_chart(
    pdk.Deck(
        map_style="mapbox://styles/mapbox/light-v9",
        api_keys={"mapbox": MAPBOX_TOKEN},
        initial_view_state=pdk.ViewState(latitude=lat, longitude=lon, zoom=10),
        layers=[pdk.Layer("ScatterplotLayer", stores, get_position="[lon, lat]")],
    )
)
for _, row in stores.head(10).iterrows():
    query = urllib.parse.quote(f"{row['name']} {row['city']}")
    st.link_button(f"Directions to {row['name']}", f"https://www.google.com/maps/search/{query}")
st.link_button("Share this view", f"?region={region}&lat={lat}&lon={lon}")
