"""Issue-3 measures on known sentences: speakers, sourcing, reporting verbs, boosters, loaded
language, tone toward entities."""

from __future__ import annotations

import pytest
from conftest import SEEDS

from stance.comparison.actors import story_entities
from stance.features import annotate
from stance.model import Article, Story
from stance.readers.corpus import read_corpus
from stance.text import lexicons
from stance.text.names import find_names


def measured(text: str) -> Article:
    return annotate(Article(id="t.txt", text=text))


def sources(article: Article) -> list[tuple[str, str, str, str]]:
    return [
        (article.text[s.start : s.end], dict(s.attrs)["kind"], dict(s.attrs)["speaker"], dict(s.attrs)["status"])
        for s in article.spans_labelled("source")
    ]


def test_names_people_and_organisations():
    text = "House Speaker John Boehner met the Dranholt Water Board. Mr. Boehner left for New York."
    found = [(text[n.start : n.end], n.name, n.kind) for n in find_names(text)]
    assert found == [
        ("John Boehner", "John Boehner", "person"),
        ("Dranholt Water Board", "Dranholt Water Board", "organisation"),
        ("Boehner", "John Boehner", "person"),
    ]


def test_a_dateline_is_not_a_name():
    text = "SPRINGFIELD, Ill. (AP) — Gov. Pat Quinn signed the bill.\n\nLONDON — NATO met on Monday."
    assert [(text[n.start : n.end], n.kind) for n in find_names(text)] == [
        ("Pat Quinn", "person"),
        ("NATO", "organisation"),
    ]


def test_he_is_never_a_person_the_text_calls_ms():
    # The last speaker and the last sentence's subject are Ms. Keller: "He" stays unresolved.
    article = measured(
        "Mayor Tomas Berg met Ms. Anna Keller, a teacher, on Friday. Ms. Keller asked about the bridge.\n\n"
        "He said, “It will open in May.”"
    )
    assert sources(article)[-1][1:] == ("direct", "", "unnamed")


def test_quote_split_around_said_has_one_speaker():
    article = measured("“We will rebuild the bridge,” said Mayor Anna Keller. “It will take a year.”")
    assert sources(article) == [
        ("“We will rebuild the bridge,”", "direct", "Anna Keller", "named"),
        ("“It will take a year.”", "direct", "Anna Keller", "named"),
    ]


def test_pronoun_title_and_surname_resolve_to_the_named_person():
    text = (
        "Transport Minister Piet Laurens spoke on Monday. “The line reopens in June,” he said.\n\n"
        "Sen. Ola Brandt criticised the plan. The senator told reporters: “This is a mistake.”\n\n"
        "“We will look again,” Mr. Laurens said."
    )
    assert [(q, who) for q, _, who, _ in sources(measured(text))] == [
        ("“The line reopens in June,”", "Piet Laurens"),
        ("“This is a mistake.”", "Ola Brandt"),
        ("“We will look again,”", "Piet Laurens"),
    ]


def test_quote_running_over_paragraphs_takes_the_speaker_named_at_its_end():
    article = measured("“We will not stop.\n\n“We will win,” Keller said.")
    assert [who for _, _, who, _ in sources(article)] == ["Keller", "Keller"]


def test_indirect_and_anonymous_sources():
    text = (
        "According to Dr. Mara Venn, the water is safe. Officials said the plant would close. "
        "A source familiar with the talks told reporters the deal was off. The river rose."
    )
    article = measured(text)
    assert [(kind, who, status) for _, kind, who, status in sources(article)] == [
        ("indirect", "Mara Venn", "named"),
        ("indirect", "", "anonymous"),
        ("indirect", "", "anonymous"),
    ]
    assert article.features["named_source_share"] == round(1 / 3, 4)
    assert article.features["anonymous_source_share"] == round(2 / 3, 4)
    assert article.features["speakers"] == 1


@pytest.mark.parametrize(
    "text",
    [
        "Ana Ruiz, a union organiser, said the strike would go on.",
        "Ana Ruiz, who has led the union since 2019, said the strike would go on.",
        "Ana Ruiz, meanwhile, said the strike would go on.",
        "On Monday, Ana Ruiz, a union organiser, said the strike would go on.",
    ],
)
def test_the_speaker_is_the_subject_before_an_aside(text):
    assert [(kind, speaker, status) for _, kind, speaker, status in sources(measured(text))] == [
        ("indirect", "Ana Ruiz", "named")
    ]


def test_a_quoted_label_is_the_words_of_who_gave_it():
    article = measured(
        "Tomas Berg met Mayor Anna Keller on Friday. Later Mr. Berg described what he called the “quiet crisis” "
        "of the harbour."
    )
    assert sources(article)[-1] == ("“quiet crisis”", "direct", "Tomas Berg", "named")


def test_participles_beliefs_and_nominal_frames_attribute():
    article = measured(
        "The mayor met the board, insisting that the bridge was safe. The operator expects delays. "
        "In an interview with Radio Kessby, Mayor Anna Keller defended the plan. Tomas Berg was accused of fraud."
    )
    found = [(article.text[s.start : s.end], dict(s.attrs)["verb"]) for s in article.spans_labelled("attribution")]
    assert found == [
        ("insisting", "loaded"),
        ("expects", "neutral"),
        ("In an interview", "neutral"),
        ("accused of", "neutral"),
    ]
    assert article.features["attribution_density"] == 1.0
    speakers = [speaker for _, kind, speaker, _ in sources(article) if kind == "indirect"]
    assert speakers == ["", "", "Anna Keller", "Tomas Berg"]


@pytest.mark.parametrize(
    "text",
    [
        "Veyra is recalling 14 batches of the drug.",  # a product recall
        "He was killed while responding to a call.",  # an emergency call
        "She entered the race in May, declaring war on waste.",  # a candidacy, not content
    ],
)
def test_forms_that_are_mostly_not_reporting_do_not_attribute(text):
    assert measured(text).spans_labelled("attribution") == []


def test_loaded_verb_share():
    article = measured("The mayor claimed the budget was balanced. The treasurer said it was not.")
    verbs = [(article.text[s.start : s.end], dict(s.attrs)["verb"]) for s in article.spans_labelled("attribution")]
    assert verbs == [("claimed", "loaded"), ("said", "neutral")]
    assert article.features["loaded_verb_share"] == 0.5


def test_booster_rate():
    article = measured("This is clearly wrong, and in fact it is illegal.")
    assert [article.text[s.start : s.end] for s in article.spans_labelled("booster")] == ["clearly", "in fact"]
    assert article.features["booster_rate"] == 20.0  # 2 cues in 10 words


def test_loaded_cues_are_the_writers_own_words():
    text = (
        "The reckless plan was a disaster! Critics called it a “giveaway”, Tomas Berg said.\n\n"
        "The “experts” disagree.\n\n"
        "“This is a terrible, awful plan for everyone,” the mayor said. Social Security was not discussed."
    )
    article = measured(text)
    cues = [(text[s.start : s.end], dict(s.attrs)["cue"]) for s in article.spans_labelled("loaded")]
    # "disaster" and "critics" name a bad thing and a group: the topic, not a loaded choice.
    # "“giveaway”" is Berg's word, quoted; "“experts”" is ascribed to no one: a scare quote.
    # "terrible" and "awful" sit in a quotation: the mayor's words, not the outlet's.
    assert cues == [("reckless", "word"), ("!", "exclamation"), ("“experts”", "scare quote")]
    (reckless,) = [a for a in map(dict, (s.attrs for s in article.spans_labelled("loaded"))) if a["cue"] == "word"]
    assert reckless["category"] == "evaluative adjective" and "careless" in reckless["neutral"]


@pytest.mark.parametrize(
    ("text", "cues"),
    [
        (
            "The minister blasted the draconian plan in a tirade, then caved.",
            ["blasted", "draconian", "tirade", "caved"],
        ),
        (
            "His cronies devised a scheme; the so-called reform slashed pensions.",
            ["cronies", "scheme", "so-called", "slashed"],
        ),
        # Senses the sense rules mark as neutral: a hospital, a claim of responsibility, a
        # programme, chemistry, a conceded election, a traffic offence, obligation.
        ("He was admitted to hospital after the group claimed responsibility.", []),
        ("The pension scheme pays out; free radicals damage cells.", []),
        ("She conceded defeat and was charged with reckless driving, as she was supposed to.", []),
        # Short quotes that are someone's label, a title, or a partial quotation are not scare quotes.
        ("Palin called it “sexist.” The magazine ran “The Queen of Rage” on its cover.", []),
        ("The mayor said the plan was “a giveaway” to developers.", []),
        ("The “experts” disagree about the “reform”.", ["“experts”", "“reform”"]),
        # Topic words whose feeling comes from what they denote are not loaded.
        ("The conflict ended when both sides agreed to peace; they hope the emergency is over.", []),
    ],
)
def test_loaded_words_and_their_sense_rules(text, cues):
    article = measured(text)
    assert [text[s.start : s.end] for s in article.spans_labelled("loaded")] == cues


def test_tone_toward_an_entity_reads_the_words_near_its_mentions():
    text = "Mayor Anna Keller praised the brave rescuers on Monday.\n\nThe weather was terrible in the north."
    article = measured(text)
    valence = lexicons.load_weights("valence")
    near = [text[s.start : s.end] for s in article.spans_labelled("tone")]
    assert near == ["praised", "brave"]  # "terrible" is in another paragraph
    (row,) = [r for r in story_entities(Story("s", "s", (article,))) if r["entity"] == "Anna Keller"]
    assert row["mentions"] == 1
    assert row["tone"] == pytest.approx((valence["praised"] + valence["brave"]) / 2 / 4, abs=1e-3)


def test_actors_show_how_each_outlet_labels_and_quotes_them():
    text = (
        "Russian President Vladimir Putin ordered the strike. Vladimir Putin, the Russian leader, "
        "said the operation would go on.\n\n“We will not stop,” Putin said. Mr. Putin later left."
    )
    article = measured(text)
    (row,) = [r for r in story_entities(Story("s", "s", (article,))) if r["entity"] == "Vladimir Putin"]
    assert row["mentions"] == 4
    assert row["quoted"] == 2  # the indirect "said the operation…" and the direct quote
    assert row["labels"] == "Russian President ×1; the Russian leader ×1"  # "Mr." says nothing of who he is


def test_the_seed_article_marks_how_it_is_told_not_what_it_is_about():
    (article,) = [annotate(a) for a in read_corpus([SEEDS / "000_2730ba1b93403d31.txt"])[0]]
    cues = [article.text[s.start : s.end] for s in article.spans_labelled("loaded")]
    # The sentiment lexicons marked conflict, agreed, peace, interests, hope, emergency, special …:
    # the story's subject. The one choice left is the writer's "The Kremlin readout also claimed".
    assert cues == ["claimed"]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Russian President Vladimir Putin spoke.", "Russian President"),
        ("Secretary of State Hillary Clinton spoke.", "Secretary of State"),
        # Words before a link word name something else: only the title is the label.
        ("The National Organization for Women President Terry O'Neill spoke.", "President"),
        ("Cantor lost the primary in Virginia of Rep. Eric Cantor on Tuesday.", "Rep."),
        ("Mr. Bob Smith spoke.", None),  # a courtesy title says nothing of who he is
    ],
)
def test_the_title_written_before_a_name_is_its_label(text, label):
    (person,) = [n for n in find_names(text) if n.kind == "person"][-1:]
    assert person.label == label


def test_wordnet_verbs_of_communication_attribute_but_infinitives_do_not():
    article = measured(
        "Critics argue that the dam leaks. Republicans have indicated that they object. "
        "The engineer declined to testify. She went on to say that the dam was sound."
    )
    cues = [article.text[s.start : s.end] for s in article.spans_labelled("attribution")]
    assert cues == ["argue", "indicated", "say"]  # "object" has no that-clause here but is a noun in WordNet


def test_he_or_she_is_never_an_organisation():
    article = measured(
        "Enter Ms. Lauten, a former Republican National Committee aide who describes herself as a fan. "
        "“Try showing a little class,” she wrote."
    )
    assert sources(article)[-1][2] != "Republican National Committee"


@pytest.mark.parametrize(
    ("text", "speaker", "status"),
    [
        # The subject before the verb is the speaker, never the name after it.
        ("John Smith met Bob Jones. Smith said Jones had lied.", "John Smith", "named"),
        # Inverted, after an aside-free clause: the name after the verb.
        ("The plan will fail, says economist Ana Ruiz.", "Ana Ruiz", "named"),
        # A day of the week is never a speaker.
        ("The deal collapsed on Friday, said the ministry.", "", "unnamed"),
        # Evidential sources: a document or a measurement given as the source.
        ("The report found that the agency had failed.", "", "unnamed"),
        ("A Gallup poll shows that most voters oppose the plan.", "Gallup", "named"),
    ],
)
def test_the_source_of_an_attributing_sentence(text, speaker, status):
    (source,) = [s for s in sources(measured(text)) if s[1] == "indirect"][-1:]
    assert (source[2], source[3]) == (speaker, status)


def test_the_writers_own_question_is_no_source():
    article = measured("What did Ruiz say? Ruiz said the dam was safe.")
    assert [s[0] for s in sources(article)] == ["Ruiz said the dam was safe."]


def test_two_apostrophes_are_quotation_marks():
    article = measured("He called it ''a disgrace'' on Monday. ``Go home,'' Ana Ruiz said.")
    assert [article.text[s.start : s.end] for s in article.spans_labelled("quote")] == [
        "''a disgrace''",
        "``Go home,''",
    ]
    assert sources(article)[-1][2:] == ("Ana Ruiz", "named")
