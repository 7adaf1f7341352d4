using Akka.Actor;

namespace Srs.Actors;

/// <summary>
/// Props that make an actor by calling a factory. Akka's <c>Props.Create(() => new X(...))</c> reads the constructor's
/// arguments out of an expression tree for every actor it creates (one per connection here), which NativeAOT can only
/// interpret, and then finds the constructor by reflection; a factory does neither.
/// </summary>
public static class ActorFactory
{
    public static Props Props<TActor>(Func<TActor> factory) where TActor : ActorBase =>
        Akka.Actor.Props.CreateBy(new Producer<TActor>(factory));

    private sealed class Producer<TActor>(Func<TActor> factory) : IIndirectActorProducer where TActor : ActorBase
    {
        public Type ActorType => typeof(TActor);

        public ActorBase Produce() => factory();

        public void Release(ActorBase actor)
        {
        }
    }
}
