using Kairos.Host.Hosting;

namespace Kairos.Host.Catalog;

/// <summary>A job class registered by the embedding application (<see cref="IKairosBuilder.AddJob{TJob}"/>).</summary>
internal sealed record AppJobType(Type Type);
