{
    "name": "ITLAW AI Advisory",
    "summary": "AI project intake, GDPR / AI Act risk pre-assessment, consultations "
    "and engagements for a technology law firm",
    "version": "18.0.1.0.0",
    "category": "Services/Legal",
    "author": "ITLAW",
    "website": "https://www.itlaw.fr",
    "license": "LGPL-3",
    "depends": [
        "crm",
        "website_crm",
        "calendar",
        "portal",
        "mail",
        "resource",
        "utm",
    ],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/itlaw_ai_advisory_security.xml",
        "security/ir.model.access.csv",
        "data/itlaw_ai_advisory_data.xml",
        "data/mail_template_data.xml",
        "views/itlaw_intake_views.xml",
        "views/crm_lead_views.xml",
        "views/itlaw_rule_setting_views.xml",
        "views/res_config_settings_views.xml",
        "views/itlaw_ai_advisory_menus.xml",
        "templates/intake_templates.xml",
    ],
    "demo": [
        "demo/website_demo.xml",
        "demo/res_users_demo.xml",
        "demo/itlaw_intake_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "itlaw_ai_advisory/static/src/intake/**/*",
        ],
    },
    "application": True,
    "installable": True,
}
