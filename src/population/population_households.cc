// The members of each household of the synthetic population: head, spouse, children and the
// head's parents, with their links to parents elsewhere.
#include <cstdint>

#include "population/builder_internal.h"
#include "population/generator_internal.h"
#include "population/random.h"
#include "population/store.h"

namespace dancu::population::internal {

void Builder::MakeHousehold(uint64_t remaining) {
  Plan plan = MakePlan(remaining);
  Household hh;
  hh.commune = DrawCommune();
  hh.book = NewBook(hh.commune);
  hh.detail = DrawDetail(hh.commune);
  hh.head = uint32_t(people_.size());
  households_.push_back(hh);
  uint8_t religion = religion_[plan.ethnic].Pick(rng_);
  uint32_t head = MakeHead(plan, religion);
  uint32_t spouse = MakeSpouse(plan, head, religion);
  uint32_t father = people_[head].sex == 1 ? head : spouse;
  uint32_t mother = people_[head].sex == 2 ? head : spouse;
  MakeChildren(plan, father, mother, religion);
  MakeHeadsParents(plan, head, religion);
  for (uint32_t p : {head, spouse}) {
    if (p != kNone && (people_[p].father == kNone || people_[p].mother == kNone)) {
      NameParentsWithoutRecord(people_[p]);
    }
  }
  if (father != kNone && mother != kNone) {
    auto& ring = ring_[people_[father].ethnic];
    Couple c{father, mother};
    if (ring.size() < kRing)
      ring.push_back(c);
    else
      ring[ring_next_[people_[father].ethnic]++ % kRing] = c;
  }
}

uint32_t Builder::MakeHead(const Plan& plan, uint8_t religion) {
  uint32_t head = NewPerson(plan.head_sex, plan.head_age, plan.ethnic, Relation::kHead);
  Person& h = people_[head];
  h.hometown = DrawHometown();
  h.religion = religion;
  bool parents_at_home = plan.father_age >= 0 || plan.mother_age >= 0;
  if (parents_at_home || !rng_.Chance(kLinkShare) || !LinkToParents(head, kNone)) {
    h.family = PickFamily(plan.ethnic);
  }
  GiveName(h, h.family);
  if (plan.spouse_age >= 0) {
    h.marital = 2;
  } else if (plan.kind == Plan::kSingleParent) {
    h.marital = rng_.Chance(0.5) ? 3 : 4;
  } else if (plan.head_age >= 30 && !rng_.Chance(0.4)) {
    h.marital = plan.head_age > 60 || rng_.Chance(0.4) ? 4 : 3;
  }
  return head;
}

uint32_t Builder::MakeSpouse(const Plan& plan, uint32_t head, uint8_t religion) {
  if (plan.spouse_age < 0) return kNone;
  uint8_t eth = rng_.Chance(0.92) ? plan.ethnic : uint8_t(kKinh);
  uint32_t spouse = NewPerson(3 - plan.head_sex, plan.spouse_age, eth,
                              plan.head_sex == 1 ? Relation::kWife : Relation::kHusband);
  Person& s = people_[spouse];
  s.hometown = DrawHometown();
  // Not a sibling of the head: never the same parents.
  if (!rng_.Chance(kLinkShare) || !LinkToParents(spouse, people_[head].father)) {
    s.family = PickFamily(eth);
  }
  GiveName(s, s.family);
  s.religion = rng_.Chance(0.85) ? religion : religion_[eth].Pick(rng_);
  s.marital = 2;
  s.spouse = head;
  people_[head].spouse = spouse;
  return spouse;
}

// Children of the couple, or of a single parent and a father or mother without record.
void Builder::MakeChildren(const Plan& plan, uint32_t father, uint32_t mother, uint8_t religion) {
  uint32_t parent = father != kNone ? father : mother;
  uint16_t family = father != kNone ? people_[father].family : PickFamily(plan.ethnic);
  Person first;  // siblings share the absent parent's name
  for (int i = 0; i < plan.kids; ++i) {
    uint32_t kid = NewPerson(rng_.Chance(0.51) ? 1 : 2, plan.kid_age[i], people_[parent].ethnic,
                             Relation::kChild);
    Person& k = people_[kid];
    k.father = father;
    k.mother = mother;
    k.religion = religion;
    k.hometown = people_[parent].hometown;
    GiveName(k, family);
    for (uint32_t parent_or_sibling : {father, mother, i > 0 ? kid - 1 : kNone}) {
      // Nobody names a child after its parent or the sibling just before it: pick again once.
      if (parent_or_sibling != kNone && people_[parent_or_sibling].given == k.given) {
        k.given = PickGiven(k.sex, k.year(), k.ethnic);
      }
    }
    if (i == 0) {
      NameParentsWithoutRecord(k);
      first = k;
    } else {
      k.father_middle = first.father_middle;
      k.father_given = first.father_given;
      k.mother_family = first.mother_family;
      k.mother_middle = first.mother_middle;
      k.mother_given = first.mother_given;
    }
    // Some young adults study or work in another commune.
    if (plan.kid_age[i] >= 18 && plan.kid_age[i] <= 40 && rng_.Chance(0.07)) {
      k.current_commune = DrawCommune();
      k.current_detail = DrawDetail(k.current_commune);
    }
  }
}

// The head's parents living with the family (three generations).
void Builder::MakeHeadsParents(const Plan& plan, uint32_t head, uint8_t religion) {
  if (plan.father_age < 0 && plan.mother_age < 0) return;
  uint32_t hf = kNone, hm = kNone;
  if (plan.father_age >= 0) {
    hf = NewPerson(1, plan.father_age, plan.ethnic, Relation::kFather);
    people_[hf].hometown = people_[head].hometown;
    GiveName(people_[hf], people_[head].family);
  }
  if (plan.mother_age >= 0) {
    hm = NewPerson(2, plan.mother_age, plan.ethnic, Relation::kMother);
    people_[hm].hometown = DrawHometown();
    GiveName(people_[hm], PickFamily(plan.ethnic));
  }
  bool both = hf != kNone && hm != kNone;
  for (uint32_t p : {hf, hm}) {
    if (p == kNone) continue;
    people_[p].religion = religion;
    people_[p].marital = both ? 2 : 4;  // the other one has died
    people_[p].spouse = both ? (p == hf ? hm : hf) : kNone;
    NameParentsWithoutRecord(people_[p]);
  }
  people_[head].father = hf;
  people_[head].mother = hm;
}

}  // namespace dancu::population::internal
