from django.urls import path

from gemini.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/part-2/", views.part_2, name="part_2"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/delete/", views.delete_draft, name="delete"),
    path("<int:pk>/part<int:part>.<slug:fmt>", views.download, name="download"),
]
