from django.urls import path

from gemini.hosting import views

app_name = "hosting"

urlpatterns = [
    path("", views.index, name="index"),
]
