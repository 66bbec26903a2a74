from django.urls import path

from gemini.programme import views
from gemini.programme.benefits import views as benefits_views
from gemini.programme.catalogue import views as catalogue_views
from gemini.programme.governance import decision_views as governance_decision_views
from gemini.programme.governance import views as governance_views
from gemini.programme.risks import issue_views as risks_issue_views
from gemini.programme.risks import views as risks_views
from gemini.programme.status import milestone_views as status_milestone_views
from gemini.programme.status import views as status_views

app_name = "programme"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("status/", status_views.status, name="status"),
    path("status/overall/", status_views.record_overall_status, name="record_overall_status"),
    path("status/scale/", status_views.edit_status_scale, name="edit_status_scale"),
    path("workstreams/<slug:slug>/", status_views.workstream, name="workstream"),
    path("workstreams/<slug:slug>/edit/", status_views.edit_workstream, name="edit_workstream"),
    path(
        "workstreams/<slug:slug>/status/", status_views.add_status_update, name="add_status_update"
    ),
    path("bodies/add/", governance_views.add_body, name="add_body"),
    path("bodies/<int:pk>/", governance_views.body, name="body"),
    path("bodies/<int:pk>/edit/", governance_views.edit_body, name="edit_body"),
    path("bodies/<int:pk>/meetings/add/", governance_views.add_meeting, name="add_meeting"),
    path("meetings/", governance_views.forward_plan, name="forward_plan"),
    path("meetings/<int:pk>/", governance_views.meeting, name="meeting"),
    path("meetings/<int:pk>/edit/", governance_views.edit_meeting, name="edit_meeting"),
    path(
        "meetings/<int:pk>/agenda/add/",
        governance_views.add_agenda_item,
        name="add_agenda_item",
    ),
    path("meetings/<int:pk>/papers/add/", governance_views.add_paper, name="add_paper"),
    path("agenda/<int:pk>/edit/", governance_views.edit_agenda_item, name="edit_agenda_item"),
    path("papers/<int:pk>/edit/", governance_views.edit_paper, name="edit_paper"),
    path("milestones/", status_milestone_views.milestones, name="milestones"),
    path("milestones/add/", status_milestone_views.add_milestone, name="add_milestone"),
    path("milestones/<int:pk>/edit/", status_milestone_views.edit_milestone, name="edit_milestone"),
    path("risks/", risks_views.risks, name="risks"),
    path("risks/add/", risks_views.add_risk, name="add_risk"),
    path("risks/matrix/", risks_views.edit_risk_matrix, name="edit_risk_matrix"),
    path("risks/<int:pk>/", risks_views.risk, name="risk"),
    path("risks/<int:pk>/edit/", risks_views.edit_risk, name="edit_risk"),
    path("risks/<int:pk>/actions/add/", risks_views.add_risk_action, name="add_risk_action"),
    path(
        "risks/actions/<int:pk>/done/",
        risks_views.complete_risk_action,
        name="complete_risk_action",
    ),
    path("risks/<int:pk>/issue/", risks_views.raise_issue, name="raise_issue"),
    path("issues/", risks_issue_views.issues, name="issues"),
    path("issues/add/", risks_issue_views.add_issue, name="add_issue"),
    path("issues/<int:pk>/edit/", risks_issue_views.edit_issue, name="edit_issue"),
    path("decisions/", governance_decision_views.decisions, name="decisions"),
    path("decisions/add/", governance_decision_views.add_decision, name="add_decision"),
    path("decisions/<int:pk>/", governance_decision_views.decision, name="decision"),
    path("decisions/<int:pk>/edit/", governance_decision_views.edit_decision, name="edit_decision"),
    path("assumptions/add/", risks_issue_views.add_assumption, name="add_assumption"),
    path("assumptions/<int:pk>/edit/", risks_issue_views.edit_assumption, name="edit_assumption"),
    path("benefits/", benefits_views.benefits, name="benefits"),
    path("benefits/add/", benefits_views.add_benefit, name="add_benefit"),
    path("benefits/<int:pk>/", benefits_views.benefit, name="benefit"),
    path("benefits/<int:pk>/edit/", benefits_views.edit_benefit, name="edit_benefit"),
    path(
        "benefits/<int:pk>/profile/",
        benefits_views.edit_benefit_profile,
        name="edit_benefit_profile",
    ),
    path("benefits/<int:pk>/measure/", benefits_views.add_measurement, name="add_measurement"),
    path("catalogue/", catalogue_views.catalogue, name="catalogue"),
    path("catalogue/add/", catalogue_views.add_service, name="add_service"),
    path("catalogue/<int:pk>/edit/", catalogue_views.edit_service, name="edit_service"),
    path("responsibility/", catalogue_views.responsibility, name="responsibility"),
]
