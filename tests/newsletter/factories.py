from newsletter.models import Subscriber
from tests.bulletin import factories as bulletin


def subscriber(n, language="bg", status=Subscriber.Status.CONFIRMED, **fields):
    fields.setdefault("email", f"reader{n}@example.bg")
    fields.setdefault("name", f"Читател {n}")
    return Subscriber.objects.create(language=language, status=status, **fields)


def issue_with_articles(home, number=1):
    index = bulletin.bulletin_index(home)
    articles = [bulletin.article(index, n) for n in (1, 2)]
    return bulletin.issue(
        index, number, articles, short_items=[("Кратка вест", "Обучение в Пловдив", "")]
    )
