from warp_report.secrets import scrub


def test_scrub_replaces_every_configured_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-1234567890")
    monkeypatch.setenv("TAVILY_API_KEY", "tvly-abcdefgh")
    text = "401 for key sk-test-1234567890 and tvly-abcdefgh at https://x"
    assert scrub(text) == "401 for key *** and *** at https://x"
    monkeypatch.delenv("OPENAI_API_KEY")
    assert "sk-test-1234567890" in scrub("key sk-test-1234567890")  # only configured values are known
