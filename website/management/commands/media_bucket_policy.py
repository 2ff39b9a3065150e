"""Print or apply the media bucket's policy: anyone may read renditions, nothing else.

Images on pages link straight to the bucket, so renditions (images/) must be readable
without credentials. Original images and documents must not be: documents are served
by /documents/<id>/<name>, which checks their collection's privacy. A bucket policy
does this for a whole prefix, where per-object ACLs are disabled by many providers.
An operator runs this once per bucket (see README: Media).
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from storages.backends.s3 import S3Storage

# The prefix Wagtail writes renditions under; originals are in original_images/.
PUBLIC_PREFIXES = ("images/",)


def bucket_policy(bucket_name):
    """The policy granting anonymous ``s3:GetObject`` on the public prefixes only."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicReadImageRenditions",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": [
                    f"arn:aws:s3:::{bucket_name}/{prefix}*"
                    for prefix in PUBLIC_PREFIXES
                ],
            }
        ],
    }


def storage_options():
    """The default storage's options, when it is the S3 bucket."""
    default = settings.STORAGES["default"]
    if default["BACKEND"] != "storages.backends.s3.S3Storage":
        raise CommandError(
            "Media are not in a bucket: AWS_STORAGE_BUCKET_NAME is not set "
            "(see README: Media)."
        )
    return default.get("OPTIONS", {})


def apply_policy(options=None):
    """Put the policy on the bucket, with the same client and credentials as the
    site's storage; returns the policy."""
    storage = S3Storage(**(storage_options() if options is None else options))
    policy = bucket_policy(storage.bucket_name)
    client = storage.connection.meta.client
    client.put_bucket_policy(Bucket=storage.bucket_name, Policy=json.dumps(policy))
    return policy


class Command(BaseCommand):
    help = (
        "Print the media bucket's policy (public read of image renditions only); "
        "with --apply, put it on the bucket."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply",
            action="store_true",
            help="Put the policy on the bucket instead of printing it.",
        )

    def handle(self, *args, **options):
        storage = storage_options()
        if not options["apply"]:
            policy = bucket_policy(storage["bucket_name"])
            self.stdout.write(json.dumps(policy, indent=2))
            return
        try:
            apply_policy(storage)
        except Exception as exc:  # boto3's errors: credentials, network, refusal
            raise CommandError(f"Could not apply the bucket policy: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Bucket {storage['bucket_name']}: its policy now lets anyone read "
                f"{', '.join(PUBLIC_PREFIXES)} and nothing else."
            )
        )
