from retrieval.text.tokenizer import tokenize


def test_curly_and_straight_possessives_match_the_name() -> None:
    assert tokenize("Durov’s") == tokenize("Durov's") == tokenize("Durov")


def test_stemming_joins_word_forms() -> None:
    assert tokenize("arrested") == tokenize("arrest") == tokenize("Arrests")


def test_irregular_forms_join_their_base_form() -> None:
    assert tokenize("said") == tokenize("says")
    assert tokenize("won") == tokenize("wins")
    assert tokenize("children") == tokenize("child")
    # "lives" stems to "live" already, and "done" is "do", a stop word.
    assert tokenize("lives") == tokenize("live")
    assert tokenize("done") == []


def test_stop_words_are_dropped() -> None:
    assert tokenize("Where was he in the") == []


def test_hashtags_and_handles_stay_whole_and_match_the_bare_word() -> None:
    terms = tokenize("sharing #FreePavel from @durov")
    assert "#freepavel" in terms
    assert "freepavel" in terms
    assert "@durov" in terms
    assert "durov" in terms


def test_numbers_and_dates_are_kept() -> None:
    terms = tokenize("about 950,000 users, 3.5 times, in 2024 on 2026-02-03")
    assert {"950000", "3.5", "2024", "2026-02-03"} <= set(terms)


def test_unicode_is_normalized() -> None:
    assert tokenize("Liberté") == tokenize("LIBERTE")
    assert tokenize("ﬁnance") == tokenize("finance")  # ligature
    assert tokenize("tele\u200bgram") == tokenize("telegram")  # zero-width space


def test_repeats_are_kept_in_order() -> None:
    assert tokenize("Paris, Paris and Lyon") == ["pari", "pari", "lyon"]


def test_questions_can_be_tokenized_without_being_remembered() -> None:
    from retrieval.text.tokenizer import _remembered_terms_of

    before = _remembered_terms_of.cache_info().currsize
    assert tokenize("Is xylophonequokka here?", remember=False) == ["xylophonequokka"]
    assert _remembered_terms_of.cache_info().currsize == before
