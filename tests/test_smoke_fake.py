from qa.pipeline import Pipeline


def test_fake_pipeline_answers_with_checked_citation(fake_pipeline) -> None:
    pipeline: Pipeline = fake_pipeline("Viettel runs Bitel [1][9].")
    result = pipeline.answer("Which company runs Bitel?")
    assert not result.abstained
    assert "[9]" not in result.text
    assert result.citations and "Bitel" in result.citations[0].text
