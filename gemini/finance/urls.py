from django.urls import path

from gemini.finance import views

app_name = "finance"

urlpatterns = [
    path("", views.index, name="index"),
    path("budget/", views.budget, name="budget"),
    path("budget/record/", views.record_figures, name="record_figures"),
    path("budget/figures/<int:pk>/edit/", views.edit_figures, name="edit_figures"),
    path("savings/", views.savings, name="savings"),
    path("income/", views.income, name="income"),
    path("income/record/", views.record_hours, name="record_hours"),
    path("agency/", views.agency, name="agency"),
    path("agency/record/", views.record_agency, name="record_agency"),
    path("liability/", views.liability, name="liability"),
    path("scenarios/", views.scenarios, name="scenarios"),
    path("scenarios/new/", views.new_scenario, name="new_scenario"),
    path("scenarios/<slug:slug>/", views.scenario, name="scenario"),
    path("scenarios/<slug:slug>/delete/", views.delete_scenario, name="delete_scenario"),
    path("export/<slug:table>.xlsx", views.export, name="export"),
]
