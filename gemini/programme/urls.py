from django.urls import path

from gemini.programme import views

app_name = "programme"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("workstreams/<slug:slug>/", views.workstream, name="workstream"),
    path("workstreams/<slug:slug>/edit/", views.edit_workstream, name="edit_workstream"),
    path("bodies/<int:pk>/", views.body, name="body"),
]
