from thidua.collate import vi_key


def test_letters_in_vietnamese_order():
    words = ["đa", "da", "ơ", "ô", "o", "ân", "ăn", "an", "Zeta", "Ư", "u"]
    assert sorted(words, key=vi_key) == ["an", "ăn", "ân", "da", "đa", "o", "ô", "ơ", "u", "Ư", "Zeta"]


def test_tones_in_order_ngang_huyen_hoi_nga_sac_nang():
    assert sorted(["bạ", "bá", "bã", "bả", "bà", "ba"], key=vi_key) == ["ba", "bà", "bả", "bã", "bá", "bạ"]


def test_letters_before_tones():
    # "bác" < "bạch": the letters decide before the tones do
    assert sorted(["bạch", "bác"], key=vi_key) == ["bác", "bạch"]
    # code-point order would put Đ after Z and Ủ after V
    names = ["Ủy ban nhân dân", "Viện kiểm sát", "Đội thi hành án", "Công an"]
    assert sorted(names, key=vi_key) == ["Công an", "Đội thi hành án", "Ủy ban nhân dân", "Viện kiểm sát"]


def test_space_sorts_before_letters_and_decomposed_text_equals_composed():
    assert sorted(["Công ant", "Công an tỉnh"], key=vi_key) == ["Công an tỉnh", "Công ant"]
    import unicodedata
    assert vi_key(unicodedata.normalize("NFD", "Tòa án")) == vi_key("Tòa án")


def test_the_per_character_key_equals_the_key_of_the_decomposed_text():
    import unicodedata

    from hypothesis import given, strategies as st

    from thidua.collate import _reference_key

    marks = "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b\u0307"
    letters = st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ ôốồổỗộ ươừ09-.İǅ") + list(marks))
    texts = st.one_of(st.text(letters, max_size=12), st.text(max_size=8))

    @given(texts)
    def same(text):
        assert vi_key(text) == _reference_key(text)
        assert vi_key(unicodedata.normalize("NFD", text)) == _reference_key(unicodedata.normalize("NFD", text))

    same()
