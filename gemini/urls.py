from django.contrib import admin
from django.urls import include, path, re_path

from gemini.api import views as api_views
from gemini.api.urls import API_NAMESPACE, api_urls, token_urls

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_urls, namespace=API_NAMESPACE)),
    re_path(r"^api/(?P<rest>.*)$", api_views.not_found),  # no such route: JSON, not a page
    path("account/tokens/", include(token_urls)),
    path("programme/", include("gemini.programme.urls")),
    path("workforce/", include("gemini.workforce.urls")),
    path("finance/", include("gemini.finance.urls")),
    path("migration/", include("gemini.migration.urls")),
    path("hosting/", include("gemini.hosting.urls")),
    path("reports/", include("gemini.reports.urls")),
    path("", include("gemini.core.urls")),
]

handler400 = "gemini.core.views.bad_request"
handler403 = "gemini.core.views.permission_denied"
handler404 = "gemini.core.views.page_not_found"
handler500 = "gemini.core.views.server_error"
