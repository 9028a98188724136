"""The briefing report (`ratline report`): map, network, timeline, prices, route flows and
cited incidents in one self-contained HTML file or PDF."""
