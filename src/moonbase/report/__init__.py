"""The HTML report: one self-contained page (plotly.js inlined, no CDN)."""
