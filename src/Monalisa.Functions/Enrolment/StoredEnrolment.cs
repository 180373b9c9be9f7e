using Azure;
using Monalisa.Domain.Enrolment;

namespace Monalisa.Functions.Enrolment;

/// <summary>An enrolment as read, with the ETag its next write must match: the domain record knows nothing of storage.</summary>
internal sealed record StoredEnrolment(EnrolmentRecord Record, ETag ETag);
