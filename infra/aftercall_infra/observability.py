"""What admins watch: one CloudWatch dashboard over the Powertools metrics, and alarms to an SNS topic.

Metric names are the ones the handlers emit (``metrics.add_metric`` / ``count_by``); an infra test
checks that every name used here still appears in the function code.
"""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from aftercall_infra.app_metrics import PERIOD, RATE_PERIOD, app_metric, search
from aftercall_infra.config import DeployConfig
from aftercall_infra.constants import Fn
from aftercall_infra.messaging import topic
from aftercall_infra.operator_alarms import operator_alarms, operator_graphs
from aftercall_infra.storage import Storage

FAILURE_RATE_PERCENT = 5  # follow-ups that ended "failed" per follow-up started, per hour
UNMATCHED_RECEIPTS_PER_HOUR = 5  # a few can be late copies of receipts for finished follow-ups

# Metrics with a dimension of their own (emitted with single_metric), graphed with SEARCH.
DIMENSIONED_METRICS = {
    "Outcome": "outcome",
    "Skipped": "reason",
    "ReceiptsProcessed": "class",
    "SmsAccountRefused": "reason",
    "OptOutRecorded": "source",
}
# What the contact center watches of the memos (issue 15): by queue, and by rule and queue.
VALUE_METRICS = {"RepeatContact": "queue", "MemoFinding": "queue,rule"}
PLAIN_METRICS = (
    "FollowupStarted",
    "Sent",
    "Delivered",
    "Retried",
    "FellBack",
    "TaskCreated",
    "PartsSent",
    "CallEndToDeliverySeconds",
    "ReceiptUnmatched",
    "TemplateRejected",
    "SendDeadLettered",
    "SmsAccountRefused",
    "OptOutRecorded",
)


def by_dimension(name: str) -> cw.MathExpression:
    return search(name, DIMENSIONED_METRICS[name])


class Observability(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: DeployConfig,
        storage: Storage,
        functions: Mapping[Fn, lambda_.IFunction],
        state_machine: sfn.StateMachine,
        dead_letter_queues: Mapping[str, sqs.IQueue],
    ) -> None:
        super().__init__(scope, construct_id)
        storage.allow_service("cloudwatch.amazonaws.com")
        self.alarm_topic = topic(self, "Alarms", storage.key, "aftercall alarms")
        if config.alarm_email:
            self.alarm_topic.add_subscription(subscriptions.EmailSubscription(config.alarm_email))
        self.alarms: list[cw.Alarm] = []

        self.dashboard = cw.Dashboard(self, "Dashboard", dashboard_name=f"{config.stack_name}-followups")
        self.dashboard.add_widgets(
            _graph("Follow-ups by outcome", [by_dimension("Outcome"), app_metric("FollowupStarted")]),
            _graph("Skipped, by reason", [by_dimension("Skipped")]),
            _graph("Delivery and fallback rates (%)", _rates()),
            _graph(
                "SMS sent and parts", [app_metric("Sent"), app_metric("PartsSent"), app_metric("Retried")]
            ),
        )
        self.dashboard.add_widgets(
            _graph(
                "Call end to delivery (s)",
                [app_metric("CallEndToDeliverySeconds", p) for p in ("p50", "p90", "p99")],
            ),
            _graph("Receipts", [by_dimension("ReceiptsProcessed"), app_metric("ReceiptUnmatched")]),
            _graph(
                "Dead-letter queue depth", [_depth(name, queue) for name, queue in dead_letter_queues.items()]
            ),
            _graph("Workflow executions", _executions(state_machine)),
        )
        self.dashboard.add_widgets(
            _graph(
                "Repeat contacts within 7 days, by queue (%)",
                [search("RepeatContact", "queue", "Average", " * 100")],
            ),
            _graph("Memo findings at ingest, by rule and queue", [search("MemoFinding", "queue,rule")]),
        )
        self.dashboard.add_widgets(
            _graph(
                "Lambda errors",
                [f.metric_errors(period=PERIOD, label=str(fn)) for fn, f in functions.items()],
            ),
            _graph(
                "Lambda throttles",
                [f.metric_throttles(period=PERIOD, label=str(fn)) for fn, f in functions.items()],
            ),
            _graph(
                "Templates rejected, tasks created",
                [app_metric("TemplateRejected"), app_metric("TaskCreated")],
            ),
        )

        self._alarm(
            "FailureRate",
            cw.MathExpression(
                expression="IF(started > 0, 100 * failed / started, 0)",
                using_metrics={
                    "failed": app_metric("Outcome", period=RATE_PERIOD, outcome="failed"),
                    "started": app_metric("FollowupStarted", period=RATE_PERIOD),
                },
                period=RATE_PERIOD,
                label="failed follow-ups (%)",
            ),
            threshold=FAILURE_RATE_PERCENT,
            description=f"More than {FAILURE_RATE_PERCENT}% of follow-ups ended with every channel failed.",
        )
        for name, queue in dead_letter_queues.items():
            self._alarm(
                f"{name}DeadLettersNotEmpty",
                _depth(name, queue),
                threshold=1,
                description=f"The {name} dead-letter queue holds messages: look, fix, redrive.",
            )
        self._alarm(
            "ExecutionsFailed",
            cw.MathExpression(
                expression="failed + timedOut + aborted",
                using_metrics={
                    "failed": state_machine.metric_failed(period=PERIOD),
                    "timedOut": state_machine.metric_timed_out(period=PERIOD),
                    "aborted": state_machine.metric_aborted(period=PERIOD),
                },
                period=PERIOD,
                label="executions failed, timed out or aborted",
            ),
            threshold=1,
            description="Follow-up executions failed: open them in the Step Functions console and redrive.",
        )
        # The send queue's dead letters are consumed at once (their waits fail and fall back), so its
        # depth rarely shows them: the consumer counts them.
        self._alarm(
            "SendsDeadLettered",
            app_metric("SendDeadLettered"),
            threshold=1,
            description="Texts the send queue gave up on (the sender failed on them every time): they fell "
            "back to the next channel. Look at the sender's errors.",
        )
        self._alarm(
            "ReceiptsUnmatched",
            app_metric("ReceiptUnmatched", period=RATE_PERIOD),
            threshold=UNMATCHED_RECEIPTS_PER_HOUR,
            description="Delivery receipts matched no message: check the configuration sets and Context.",
        )
        # What admins fear most (issue 17): thresholds from context keys (alarm_keys.py).
        for alarm in operator_alarms(config):
            self._alarm(alarm.name, alarm.metric, threshold=alarm.threshold, description=alarm.description)
        self.dashboard.add_widgets(
            *(_graph(title, metrics) for title, metrics in operator_graphs(config)),
            cw.AlarmStatusWidget(title="Alarms", alarms=self.alarms, width=6, height=6),
        )

    def _alarm(self, construct_id: str, metric: cw.IMetric, *, threshold: float, description: str) -> None:
        alarm = cw.Alarm(
            self,
            construct_id,
            metric=metric,
            threshold=threshold,
            evaluation_periods=1,
            comparison_operator=cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
            alarm_description=description,
        )
        alarm.add_alarm_action(actions.SnsAction(self.alarm_topic))
        alarm.add_ok_action(actions.SnsAction(self.alarm_topic))
        self.alarms.append(alarm)


def _graph(title: str, metrics: list[cw.IMetric]) -> cw.GraphWidget:
    return cw.GraphWidget(title=title, left=metrics, width=6, height=6)


def _depth(name: str, queue: sqs.IQueue) -> cw.Metric:
    return queue.metric_approximate_number_of_messages_visible(period=PERIOD, statistic="Maximum", label=name)


def _rates() -> list[cw.IMetric]:
    using = {
        "sent": app_metric("Sent"),
        "delivered": app_metric("Delivered"),
        "fellBack": app_metric("FellBack"),
    }
    return [
        cw.MathExpression(
            expression="IF(sent > 0, 100 * delivered / sent, 0)", using_metrics=using, label="delivered"
        ),
        cw.MathExpression(
            expression="IF(sent > 0, 100 * fellBack / sent, 0)", using_metrics=using, label="fell back"
        ),
    ]


def _executions(state_machine: sfn.StateMachine) -> list[cw.IMetric]:
    return [
        state_machine.metric_started(period=PERIOD),
        state_machine.metric_succeeded(period=PERIOD),
        state_machine.metric_failed(period=PERIOD),
        state_machine.metric_timed_out(period=PERIOD),
    ]
