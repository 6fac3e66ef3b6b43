"""One way to page a list: used by every list view, rendered by web/includes/pagination.html."""

from django.core.paginator import Paginator
from django.db.models import QuerySet


def paginate(request, queryset: QuerySet | list, per_page: int) -> dict:
    """Context for the requested page (a bad page number gives the nearest page) with an elided link range."""
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    return {
        "page_obj": page,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
    }
