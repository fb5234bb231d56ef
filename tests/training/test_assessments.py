"""Scoring happens on the server; a submission that does not fit the test is refused with a
message and nothing is saved."""

import re

import pytest

from training.models import AssessmentAttempt, Certificate
from training.scoring import POST_TEST, PRE_TEST, questions_of

pytestmark = pytest.mark.django_db


def _url(module, kind):
    return module.url + module.reverse_subpage("pre_test" if kind == PRE_TEST else "post_test")


def _token(client, module, kind):
    html = client.get(_url(module, kind)).content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def _answers(module, kind, right=True):
    data = {}
    for question in questions_of(module.test_for(kind)):
        chosen = (
            sorted(question.correct)
            if right
            else sorted({v for v, _t in question.choices} - question.correct)[:1]
        )
        data[question.field_name] = chosen
    return data


def test_form_lists_questions_without_revealing_answers(client, module):
    response = client.get(_url(module, PRE_TEST))
    html = response.content.decode()
    assert response.status_code == 200
    for question in questions_of(module.pre_test):
        assert question.text in html
    assert "Anyone." not in html and "It does not." not in html


def test_anonymous_visitor_sees_score_and_explanations(client, module):
    data = {"form_token": _token(client, module, PRE_TEST), **_answers(module, PRE_TEST)}
    response = client.post(_url(module, PRE_TEST), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 of 3" in html or "3 от 3" in html
    assert "Anyone." in html and "It does not." in html
    attempt = AssessmentAttempt.objects.get()
    assert (attempt.correct, attempt.total, attempt.percent, attempt.user) == (3, 3, 100, None)
    assert attempt.module_key == module.translation_key
    assert "no-store" in response["Cache-Control"]


def test_wrong_answers_score_lower(client, module):
    data = {"form_token": _token(client, module, POST_TEST), **_answers(module, POST_TEST, False)}
    response = client.post(_url(module, POST_TEST), data)
    assert response.status_code == 200
    attempt = AssessmentAttempt.objects.get()
    assert (attempt.correct, attempt.passed) == (0, False)
    assert not Certificate.objects.exists()


def test_partially_right_multiple_choice_is_wrong(client, module):
    data = {"form_token": _token(client, module, PRE_TEST), **_answers(module, PRE_TEST)}
    multiple = next(q for q in questions_of(module.pre_test) if q.multiple)
    data[multiple.field_name] = sorted(multiple.correct)[:1]
    client.post(_url(module, PRE_TEST), data)
    assert AssessmentAttempt.objects.get().correct == 2


def test_missing_answer_is_refused(client, module):
    data = {"form_token": _token(client, module, PRE_TEST), **_answers(module, PRE_TEST)}
    data.pop(next(iter(k for k in data if k.startswith("q-"))))
    response = client.post(_url(module, PRE_TEST), data)
    assert response.status_code == 400
    assert (
        "1 question has no answer" in response.content.decode()
        or "1 въпрос" in response.content.decode()
    )
    assert not AssessmentAttempt.objects.exists()


def test_answers_for_another_modules_questions_are_refused(client, module, other_module):
    other = {
        "form_token": _token(client, other_module, PRE_TEST),
        **_answers(other_module, PRE_TEST),
    }
    response = client.post(_url(module, PRE_TEST), other)
    assert response.status_code == 400
    # Own token, other module's question fields mixed in.
    mixed = {"form_token": _token(client, module, PRE_TEST), **_answers(module, PRE_TEST)}
    mixed.update(_answers(other_module, PRE_TEST))
    assert client.post(_url(module, PRE_TEST), mixed).status_code == 400
    assert not AssessmentAttempt.objects.exists()


def test_pre_test_token_cannot_submit_the_post_test(client, module):
    data = {"form_token": _token(client, module, PRE_TEST), **_answers(module, POST_TEST)}
    assert client.post(_url(module, POST_TEST), data).status_code == 400
    assert not AssessmentAttempt.objects.exists()


@pytest.mark.parametrize(
    "forgery",
    [{"score": "100"}, {"percent": "100", "passed": "1"}, {"form_token": "forged"}],
)
def test_forged_scores_and_tokens_are_refused(client, trainee_client, module, forgery):
    data = {
        "form_token": _token(trainee_client, module, POST_TEST),
        **_answers(module, POST_TEST, False),
    }
    data.update(forgery)
    response = trainee_client.post(_url(module, POST_TEST), data)
    assert response.status_code == 400
    assert (
        "Nothing has been saved" in response.content.decode()
        or "Нищо не е записано" in response.content.decode()
    )
    assert not AssessmentAttempt.objects.exists()
    assert not Certificate.objects.exists()


def test_answer_value_outside_the_question_is_refused(client, module):
    data = {"form_token": _token(client, module, PRE_TEST), **_answers(module, PRE_TEST)}
    single = next(q for q in questions_of(module.pre_test) if not q.multiple)
    data[single.field_name] = ["0", "1"]
    assert client.post(_url(module, PRE_TEST), data).status_code == 400
    data[single.field_name] = ["99"]
    assert client.post(_url(module, PRE_TEST), data).status_code == 400
    assert not AssessmentAttempt.objects.exists()


def test_shuffled_test_scores_the_same(client, module):
    module.shuffle_questions = True
    module.save_revision().publish()
    data = {"form_token": _token(client, module, PRE_TEST), **_answers(module, PRE_TEST)}
    client.post(_url(module, PRE_TEST), data)
    assert AssessmentAttempt.objects.get().percent == 100


def test_passing_post_test_as_trainee_issues_one_certificate(trainee_client, trainee, module):
    for _ in range(2):
        data = {
            "form_token": _token(trainee_client, module, POST_TEST),
            **_answers(module, POST_TEST),
        }
        response = trainee_client.post(_url(module, POST_TEST), data)
        assert response.status_code == 200
    certificate = Certificate.objects.get()
    assert certificate.user == trainee
    assert certificate.holder_name == "Мария Иванова"
    assert certificate.percent == 100
    assert f"/trainee/certificates/{certificate.code}/" in response.content.decode()
    assert AssessmentAttempt.objects.filter(user=trainee, passed=True).count() == 2
