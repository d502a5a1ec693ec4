"""Consult: a multi-stakeholder consultation platform."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from config import Config, TestingConfig, instance_secret_key, load_config
from consult import cli, db, errors, headers, i18n, input_guard, limits, mail, static_files, templating
from consult.analysis.views import bp as analysis_bp
from consult.analysis.suggestion_views import bp as analysis_suggestions_bp
from consult.analysis.citation_views import bp as analysis_citations_bp
from consult.analysis.matrix_views import bp as analysis_matrix_bp
from consult.api.views import bp as api_bp
from consult.auth import login
from consult.campaigns import arrival as campaign_recognition
from consult.admin.views import bp as admin_bp
from consult.account.views import bp as account_bp
from consult.auth.views import bp as auth_bp
from consult.cosigning.views import bp as cosigning_bp
from consult.campaigns.views import bp as campaigns_bp
from consult.languages.views import bp as languages_bp
from consult.organisations.views import bp as organisations_bp
from consult.outcomes.views import bp as outcomes_bp
from consult.public.views import bp as public_bp
from consult.rounds.document_views import bp as round_documents_bp
from consult.rounds.views import bp as rounds_bp
from consult.moderation.views import bp as moderation_bp
from consult.submissions.views import bp as submissions_bp
from consult.search import drain_hook
from consult.search.views import bp as search_bp

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type[Config] | dict | None = None) -> Flask:
    """Build the application. ``config`` is a Config class, or a dict of settings laid over
    the testing defaults; by default the class named by ``CONSULT_ENV``."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    configure_settings(app, config)
    db.configure_db(app)
    i18n.init_app(app)
    login.init_app(app)
    limits.init_app(app)
    register_blueprints(app)
    templating.init_app(app)
    static_files.init_app(app)
    errors.init_app(app)
    headers.init_app(app)
    input_guard.init_app(app)
    cli.init_app(app)
    mail.init_app(app)
    drain_hook.init_app(app)
    campaign_recognition.init_app(app)
    return app


def configure_settings(app: Flask, config: type[Config] | dict | None) -> None:
    if isinstance(config, dict):
        settings = load_config(TestingConfig) | config
    else:
        settings = load_config(config)
    if not settings["SECRET_KEY"]:  # development without CONSULT_SECRET_KEY (production refuses earlier)
        settings["SECRET_KEY"] = instance_secret_key(settings["INSTANCE_DIR"])
    app.config.from_mapping(settings)
    app.instance_path = settings["INSTANCE_DIR"]
    os.makedirs(app.config["UPLOAD_DIR"], exist_ok=True)
    if app.config["DATABASE_URL"].startswith("sqlite:///"):
        Path(app.config["DATABASE_URL"].removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)


def register_blueprints(app: Flask) -> None:
    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(rounds_bp)
    app.register_blueprint(round_documents_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(languages_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(organisations_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(submissions_bp)
    app.register_blueprint(outcomes_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(cosigning_bp)
    app.register_blueprint(campaigns_bp)
    app.register_blueprint(analysis_bp)
    app.register_blueprint(analysis_suggestions_bp)
    app.register_blueprint(analysis_matrix_bp)
    app.register_blueprint(analysis_citations_bp)
